namespace Detect.Config;

// Task modules and losses: nested parts of heads and train/test settings. They have no usual slot,
// so an attribute of these kinds names its slot with At = "model.bbox_head.loss_cls" etc.

/// <summary>A prior (anchor or point) generator (<c>anchor_generator</c>, <c>prior_generator</c>).</summary>
[ComponentKind]
public abstract class PriorGeneratorAttribute : ComponentAttribute;

/// <summary>A box coder (<c>bbox_coder</c>).</summary>
[ComponentKind]
public abstract class BBoxCoderAttribute : ComponentAttribute;

/// <summary>An assigner (<c>train_cfg.assigner</c>).</summary>
[ComponentKind]
public abstract class AssignerAttribute : ComponentAttribute;

/// <summary>A sampler (<c>train_cfg.sampler</c>).</summary>
[ComponentKind]
public abstract class SamplerAttribute : ComponentAttribute;

/// <summary>A loss (<c>loss_cls</c>, <c>loss_bbox</c>, <c>loss_mask</c>, <c>loss_centerness</c>).</summary>
[ComponentKind]
public abstract class LossAttribute : ComponentAttribute
{
    /// <summary><c>loss_weight</c>; its default is the concrete loss's constructor's (1.0 for every loss MMDetection has).</summary>
    [InRange(0, double.MaxValue)]
    public double LossWeight { get; set; }

    /// <summary><c>reduction</c>; its default is the concrete loss's constructor's ('mean').</summary>
    public TorchSharp.torch.nn.Reduction Reduction { get; set; }
}
