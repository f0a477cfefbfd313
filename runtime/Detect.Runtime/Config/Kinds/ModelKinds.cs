namespace Detect.Config;

// The model's component kinds. A slot accepts any attribute deriving from its kind; the generator
// emits one abstract config record per kind (DetectorAttribute → DetectorConfig).

/// <summary>A detector (<c>model</c>): data preprocessor, backbone, neck and heads.</summary>
[ComponentKind(DefaultSlot = "model")]
public abstract class DetectorAttribute : ComponentAttribute
{
    /// <summary><c>data_preprocessor</c>: mean/std, BGR→RGB, padding.</summary>
    public DataPreprocessorAttribute? DataPreprocessor { get; }

    /// <summary><c>backbone</c>.</summary>
    [RequiredSlot]
    public BackboneAttribute? Backbone { get; }

    /// <summary><c>neck</c>.</summary>
    public NeckAttribute? Neck { get; }
}

/// <summary>A data preprocessor (<c>model.data_preprocessor</c>).</summary>
[ComponentKind(DefaultSlot = "model.data_preprocessor")]
public abstract class DataPreprocessorAttribute : ComponentAttribute;

/// <summary>A backbone (<c>model.backbone</c>).</summary>
[ComponentKind(DefaultSlot = "model.backbone")]
public abstract class BackboneAttribute : ComponentAttribute;

/// <summary>A neck (<c>model.neck</c>).</summary>
[ComponentKind(DefaultSlot = "model.neck")]
public abstract class NeckAttribute : ComponentAttribute;

/// <summary>A dense head (<c>model.bbox_head</c> of one-stage detectors, <c>model.rpn_head</c>): it takes the detector's settings.</summary>
[ComponentKind(DefaultSlot = "model.bbox_head", TakesSettings = ["train_cfg", "test_cfg"])]
public abstract class DenseHeadAttribute : ComponentAttribute;

/// <summary>A RoI head (<c>model.roi_head</c>): it takes the detector's <c>train_cfg.rcnn</c> and <c>test_cfg.rcnn</c>.</summary>
[ComponentKind(DefaultSlot = "model.roi_head", TakesSettings = ["train_cfg", "test_cfg"])]
public abstract class RoIHeadAttribute : ComponentAttribute;

/// <summary>A RoI feature extractor (<c>model.roi_head.bbox_roi_extractor</c>, <c>mask_roi_extractor</c>).</summary>
[ComponentKind(DefaultSlot = "model.roi_head.bbox_roi_extractor")]
public abstract class RoIExtractorAttribute : ComponentAttribute;

/// <summary>The RoI pooling layer of an extractor (<c>roi_layer</c>).</summary>
[ComponentKind(DefaultSlot = "model.roi_head.bbox_roi_extractor.roi_layer")]
public abstract class RoILayerAttribute : ComponentAttribute;

/// <summary>A RoI box head (<c>model.roi_head.bbox_head</c>).</summary>
[ComponentKind(DefaultSlot = "model.roi_head.bbox_head")]
public abstract class RoIBBoxHeadAttribute : ComponentAttribute;

/// <summary>A mask head (<c>model.roi_head.mask_head</c>).</summary>
[ComponentKind(DefaultSlot = "model.roi_head.mask_head")]
public abstract class MaskHeadAttribute : ComponentAttribute;

/// <summary>A normalization layer (<c>norm_cfg</c>).</summary>
[ComponentKind(DefaultSlot = "model.backbone.norm_cfg")]
public abstract class NormalizationAttribute : ComponentAttribute;

/// <summary>An initialization config (<c>init_cfg</c>).</summary>
[ComponentKind(DefaultSlot = "model.backbone.init_cfg")]
public abstract class InitAttribute : ComponentAttribute;

/// <summary>The detector's training settings (<c>model.train_cfg</c>).</summary>
[ComponentKind(DefaultSlot = "model.train_cfg")]
public abstract class ModelTrainCfgAttribute : ComponentAttribute;

/// <summary>The detector's test settings (<c>model.test_cfg</c>).</summary>
[ComponentKind(DefaultSlot = "model.test_cfg")]
public abstract class ModelTestCfgAttribute : ComponentAttribute;
