namespace Detect.Models.Backbones;

/// <summary>MMDetection's ResNet <c>style</c>: which conv of a bottleneck carries the stride.</summary>
public enum ResNetStyle
{
    /// <summary><c>pytorch</c>: the 3×3 conv (torchvision's ResNet v1.5).</summary>
    Pytorch,

    /// <summary><c>caffe</c>: the first 1×1 conv (the original ResNet, Detectron's MSRA weights).</summary>
    Caffe,
}
