namespace Detect.Config;

/// <summary>Dotted keys for <see cref="ComponentAttribute.At"/> that are needed often; any MMDetection key path works.</summary>
public static class Slots
{
    /// <summary><c>train_pipeline</c> (the default slot of transforms).</summary>
    public const string TrainPipeline = "train_pipeline";
    /// <summary><c>test_pipeline</c>.</summary>
    public const string TestPipeline = "test_pipeline";
    /// <summary><c>tta_pipeline</c>: the test-time augmentation pipeline (LoadImageFromFile, then TestTimeAug).</summary>
    public const string TtaPipeline = "tta_pipeline";
    /// <summary><c>train_dataloader</c>.</summary>
    public const string TrainDataloader = "train_dataloader";
    /// <summary><c>val_dataloader</c>.</summary>
    public const string ValDataloader = "val_dataloader";
    /// <summary><c>test_dataloader</c>.</summary>
    public const string TestDataloader = "test_dataloader";
    /// <summary><c>train_dataloader.dataset</c>.</summary>
    public const string TrainDataset = "train_dataloader.dataset";
    /// <summary><c>val_dataloader.dataset</c>.</summary>
    public const string ValDataset = "val_dataloader.dataset";
    /// <summary><c>test_dataloader.dataset</c>.</summary>
    public const string TestDataset = "test_dataloader.dataset";
    /// <summary><c>train_dataloader.sampler</c> (the default slot of samplers).</summary>
    public const string TrainSampler = "train_dataloader.sampler";
    /// <summary><c>val_dataloader.sampler</c>.</summary>
    public const string ValSampler = "val_dataloader.sampler";
    /// <summary><c>test_dataloader.sampler</c>.</summary>
    public const string TestSampler = "test_dataloader.sampler";
    /// <summary><c>val_evaluator</c>.</summary>
    public const string ValEvaluator = "val_evaluator";
    /// <summary><c>test_evaluator</c>.</summary>
    public const string TestEvaluator = "test_evaluator";
}
