using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// A detection dataset as a config builds it (MMEngine's <c>BaseDataset</c> and its wrappers): records, their classes,
/// the dataset's own pipeline, and each record through that pipeline for the loader.
/// </summary>
public interface IDetectionDataset : IPipelineDataset<PackedDetInputs>
{
    /// <summary><c>metainfo</c>: the classes in label order.</summary>
    DatasetMetainfo Metainfo { get; }

    /// <summary>The dataset's <c>pipeline</c> as configured (for wrappers that load through it, such as MultiImageMixDataset).</summary>
    IReadOnlyList<ITransform> Transforms { get; }

    /// <summary>The COCO annotation file behind the records, which a CocoMetric without <c>ann_file</c> evaluates against; null when there is none.</summary>
    string? AnnFile { get; }

    /// <summary>Composes the pipeline now, so a step out of order is reported before loading starts rather than in a worker.</summary>
    void CheckPipeline();
}
