using Detect.Config;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// A loader as a config describes it (MMEngine's <c>train_dataloader=dict(batch_size, num_workers, sampler, batch_sampler,
/// dataset)</c>, what <c>DataLoaderConfig.Build()</c> makes): the built dataset and the batching settings. The loader itself
/// is made by <see cref="Create"/> once the run's seed is known (MMEngine's <c>Runner.build_dataloader</c>), with the
/// configured <c>sampler</c> (MMEngine's <c>DefaultSampler</c> or <c>InfiniteSampler</c>) and, when asked, MMDetection's
/// <c>AspectRatioBatchSampler</c>.
/// </summary>
/// <param name="dataset"><c>dataset</c>.</param>
/// <param name="batchSize"><c>batch_size</c>.</param>
/// <param name="numWorkers"><c>num_workers</c>: decoding threads.</param>
/// <param name="persistentWorkers"><c>persistent_workers</c>: accepted; the loader's threads live as long as the loader anyway.</param>
/// <param name="sampler"><c>sampler</c>; null: a <c>DefaultSampler</c> that shuffles a train loader and keeps a test loader's order.</param>
/// <param name="dropLast"><c>drop_last</c>.</param>
/// <param name="aspectRatioGrouping"><c>batch_sampler=dict(type='AspectRatioBatchSampler')</c>.</param>
/// <param name="skipBadSamples">Skip (count and log) samples whose image or annotation is bad instead of stopping.</param>
public sealed class DataLoaderPlan(IDetectionDataset dataset, int batchSize = 2, int numWorkers = 2, bool persistentWorkers = true,
    SamplerPlan? sampler = null, bool dropLast = false, bool aspectRatioGrouping = false, bool skipBadSamples = false)
{
    /// <summary>The dataset.</summary>
    public IDetectionDataset Dataset { get; } = dataset;

    /// <summary><c>batch_size</c>.</summary>
    public int BatchSize { get; } = batchSize;

    /// <summary><c>persistent_workers</c>.</summary>
    public bool PersistentWorkers { get; } = persistentWorkers;

    /// <summary><c>sampler</c>, or null for the default (see the constructor).</summary>
    public SamplerPlan? Sampler { get; } = sampler;

    /// <summary>
    /// The loader over <see cref="Dataset"/> (or over <paramref name="view"/>, the same records through another pipeline,
    /// as test-robustness inserts a corruption), its sampler seeded with <paramref name="seed"/>. Throws a
    /// <see cref="ConfigurationException"/> naming <paramref name="key"/> when the dataset is empty or its pipeline is out of order.
    /// </summary>
    public DataLoader<PackedDetInputs, DetBatch> Create(string key, int seed, bool train, IPipelineDataset<PackedDetInputs>? view = null)
    {
        if (view is null) Dataset.CheckPipeline();
        return DataLoader.ForDetection(view ?? Dataset, Batches(key, seed, train), numWorkers: numWorkers, seed: seed, testMode: !train,
            badSamples: BadSamples);
    }

    /// <summary>
    /// A test loader of the same records and batches through <paramref name="tta"/>, a pipeline ending in TestTimeAug
    /// (MMDetection's <c>tools/test.py --tta</c> swaps <c>test_dataloader.dataset.pipeline</c> for <c>tta_pipeline</c>).
    /// </summary>
    public DataLoader<TtaInputs, TtaBatch> CreateTestTimeAug(string key, int seed, IPipelineDataset<TtaInputs> tta) =>
        DataLoader.ForTestTimeAug(tta, Batches(key, seed, train: false), numWorkers: numWorkers, seed: seed, badSamples: BadSamples);

    BadSamplePolicy BadSamples => skipBadSamples ? BadSamplePolicy.Skip : BadSamplePolicy.Raise;

    IBatchSampler Batches(string key, int seed, bool train)
    {
        if (Dataset.DataInfos.Count == 0)
            throw new ConfigurationException($"{key}: the dataset has no images left after filtering{(Dataset.AnnFile is { } f ? $" ({f})" : "")}.");
        var indices = (Sampler ?? new DefaultSamplerPlan(shuffle: train)).Create(Dataset.DataInfos.Count, seed);
        return aspectRatioGrouping
            ? new AspectRatioBatchSampler(indices, Dataset.DataInfos, BatchSize, dropLast)
            : new BatchSampler(indices, BatchSize, dropLast);
    }
}
