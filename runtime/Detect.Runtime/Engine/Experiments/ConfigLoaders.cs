using Detect.Config;
using Detect.Data;
using Detect.Datasets;
using Detect.Evaluation;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>Builds the loaders and evaluators a typed config describes (datasets, pipelines, samplers, metrics).</summary>
public static class ConfigLoaders
{
    /// <summary>A loader and the COCO dataset behind it.</summary>
    /// <param name="Loader">The loader.</param>
    /// <param name="Dataset">Its dataset (annotation file, classes).</param>
    public sealed record Built(DataLoader<PackedDetInputs, DetBatch> Loader, CocoDataset Dataset);

    /// <summary>
    /// The loader of <paramref name="key"/> (<c>train_dataloader</c>, <c>val_dataloader</c>, <c>test_dataloader</c>):
    /// its dataset built from the config, its pipeline <paramref name="pipeline"/>, its sampler from
    /// shuffle / aspect-ratio grouping / batch size, seeded with <paramref name="seed"/>.
    /// </summary>
    public static Built Build(DataLoaderConfig config, Pipeline<DataInfo, PackedDetInputs> pipeline, string key, int seed, bool train)
    {
        var datasetConfig = config.Dataset ?? throw new ConfigurationException($"{key} has no dataset.");
        if (datasetConfig.Build() is not CocoDataset dataset)
            throw new ConfigurationException($"{key}.dataset: the engine reads COCO-format datasets (CocoDataset), not '{datasetConfig.TypeName}'.");
        if (dataset.Count == 0)
            throw new ConfigurationException($"{key}: {dataset.AnnFile} has no images left after filtering ({dataset.Report}).");
        ISampler sampler = new DefaultSampler(dataset.Count, shuffle: config.Shuffle, seed: seed);
        IBatchSampler batches = config.AspectRatioGrouping
            ? new AspectRatioBatchSampler(sampler, dataset.DataList, config.BatchSize, config.DropLast)
            : new BatchSampler(sampler, config.BatchSize, config.DropLast);
        var loader = DataLoader.ForDetection(new PipelineDataset<PackedDetInputs>(dataset.DataList, pipeline), batches,
            numWorkers: config.NumWorkers, seed: seed, testMode: !train,
            badSamples: config.SkipBadSamples ? BadSamplePolicy.Skip : BadSamplePolicy.Raise);
        return new Built(loader, dataset);
    }

    /// <summary>The evaluator of <paramref name="key"/>; its annotation file and classes default to the evaluated dataset's.</summary>
    public static IEvaluator Evaluator(EvaluatorConfig config, CocoDataset dataset, string key, Action<string>? log) => config switch
    {
        CocoMetricConfig coco => new CocoEvaluator(new CocoMetric(coco.AnnFile ?? dataset.AnnFile, coco.Metric.Count == 0 ? null : coco.Metric,
            coco.Classwise, coco.ProposalNums.Count == 0 ? null : coco.ProposalNums, classes: dataset.Metainfo.Classes, log: log,
            formatOnly: coco.FormatOnly, outfilePrefix: coco.OutfilePrefix)),
        _ => throw new ConfigurationException($"{key}: the engine has no evaluator '{config.TypeName}'."),
    };
}
