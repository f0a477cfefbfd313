using Detect.Datasets;

namespace Detect.Config;

/// <summary>
/// A COCO-format dataset (<c>type='CocoDataset'</c>). Without <c>At</c> it sets the dataset variable
/// that flows into all three loaders; loaders override per split (<c>AnnFile</c>, <c>DataPrefix</c>,
/// <c>TestMode</c>). <see cref="FileDatasetAttribute.Classes"/> is MMDetection's <c>metainfo=dict(classes=...)</c>.
/// </summary>
[Register("CocoDataset", Builds = typeof(CocoDataset))]
[DatasetClassesRule(DefaultCount = 80)]
public sealed class CocoDatasetAttribute : FileDatasetAttribute
{
    /// <summary>Skip malformed annotation records (counted and reported) instead of failing.</summary>
    public bool SkipInvalid { get; set; }

    /// <summary>torchvision's labels: label l is category id l + 1, and <c>classes</c> names every id from 1 on ("N/A" for
    /// unused ones: COCO's 91 ids, torchvision's detectors).</summary>
    public bool CategoryIdLabels { get; set; }
}

/// <summary>A data loader (<c>train_dataloader</c> unless <c>At</c> says otherwise): batch size, workers, shuffling, aspect-ratio batching.</summary>
[Register("", Builds = typeof(Detect.Data.DataLoaderPlan), DefaultSlot = "train_dataloader")]
public sealed class DataLoaderAttribute : ComponentAttribute
{
    /// <summary><c>dataset</c>: filled from the dataset variable, overridden per loader.</summary>
    public DatasetAttribute? Dataset { get; }

    /// <summary><c>batch_size</c> per device.</summary>
    [InRange(1, int.MaxValue)]
    public int BatchSize { get; set; }

    /// <summary><c>num_workers</c>: decoding threads.</summary>
    [InRange(0, int.MaxValue)]
    public int NumWorkers { get; set; }

    /// <summary><c>persistent_workers</c>.</summary>
    public bool PersistentWorkers { get; set; }

    /// <summary><c>sampler</c>: MMEngine's DefaultSampler or InfiniteSampler; unset: a DefaultSampler that shuffles a train loader.</summary>
    public DataSamplerAttribute? Sampler { get; }

    /// <summary><c>drop_last</c>.</summary>
    public bool DropLast { get; set; }

    /// <summary><c>batch_sampler=dict(type='AspectRatioBatchSampler')</c>: batch images of like aspect ratio.</summary>
    public bool AspectRatioGrouping { get; set; }

    /// <summary>Skip samples whose image or annotation is bad (missing or corrupt file, unusable box), counting and logging each, instead of stopping.</summary>
    public bool SkipBadSamples { get; set; }
}

/// <summary>
/// A Pascal VOC-format dataset (<c>type='VOCDataset'</c>), read from its XML files: <see cref="FileDatasetAttribute.AnnFile"/> lists the image ids,
/// <see cref="FileDatasetAttribute.DataPrefix"/> (MMDetection's <c>data_prefix.sub_data_root</c>) holds Annotations/ and JPEGImages/.
/// </summary>
[Register("VOCDataset", Builds = typeof(VocDataset))]
[DatasetClassesRule(DefaultCount = 20)]
public sealed class VocDatasetAttribute : FileDatasetAttribute;
