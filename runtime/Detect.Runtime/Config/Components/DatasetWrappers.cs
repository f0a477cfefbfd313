using Detect.Data;

namespace Detect.Config;

// MMEngine's dataset wrappers. The wrapped dataset is the Dataset slot (At = "train_dataloader.dataset.dataset" and so
// on); a pipeline set on the wrapper replaces the inner one's (RepeatDataset, ClassBalancedDataset, ConcatDataset) or is the
// mixing pipeline (MultiImageMixDataset). Put a wrapper at a loader's dataset with Delete = true.

/// <summary><c>RepeatDataset</c>: the inner dataset <see cref="Times"/> over (fewer, longer epochs).</summary>
[Register("RepeatDataset", Builds = typeof(RepeatDataset))]
public sealed class RepeatDatasetAttribute : DatasetAttribute
{
    /// <summary><c>dataset</c>.</summary>
    [RequiredSlot]
    public DatasetAttribute? Dataset { get; }

    /// <summary><c>times</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int Times { get; set; } = 1;
}

/// <summary><c>ClassBalancedDataset</c>: images of rare categories repeated (LVIS's repeat factors).</summary>
[Register("ClassBalancedDataset", Builds = typeof(ClassBalancedDataset))]
public sealed class ClassBalancedDatasetAttribute : DatasetAttribute
{
    /// <summary><c>dataset</c>.</summary>
    [RequiredSlot]
    public DatasetAttribute? Dataset { get; }

    /// <summary><c>oversample_thr</c>: categories in fewer than this fraction of images are oversampled.</summary>
    [InRange(0, 1)]
    public double OversampleThr { get; set; } = 1e-3;
}

/// <summary><c>ConcatDataset</c>: several datasets (with the same classes) one after another.</summary>
[Register("ConcatDataset", Builds = typeof(ConcatDataset))]
public sealed class ConcatDatasetAttribute : DatasetAttribute
{
    /// <summary><c>datasets</c>.</summary>
    public DatasetAttribute[]? Datasets { get; }
}

/// <summary>
/// <c>MultiImageMixDataset</c> (YOLOX): the inner dataset's pipeline loads (LoadImageFromFile, LoadAnnotations), this
/// dataset's pipeline mixes and packs (Mosaic, MixUp, ..., PackDetInputs). Mosaic and MixUp need it.
/// </summary>
[Register("MultiImageMixDataset", Builds = typeof(MultiImageMixDataset))]
[MixingDatasetRule]
public sealed class MultiImageMixDatasetAttribute : DatasetAttribute
{
    /// <summary><c>dataset</c>.</summary>
    [RequiredSlot]
    public DatasetAttribute? Dataset { get; }
}
