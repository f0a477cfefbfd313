using Detect.Structures;
using Detect.Transforms;

namespace Detect.Data;

/// <summary>Factories for the usual loaders.</summary>
public static class DataLoader
{
    /// <summary>A loader of <see cref="DetBatch"/>es from a dataset whose pipeline ends in PackDetInputs.</summary>
    public static DataLoader<PackedDetInputs, DetBatch> ForDetection(IPipelineDataset<PackedDetInputs> dataset,
        IBatchSampler batchSampler, int? numWorkers = null, int prefetchFactor = 2, long seed = 0, bool testMode = false,
        BadSamplePolicy badSamples = BadSamplePolicy.Raise) =>
        new(dataset, batchSampler, Collate.Detection, numWorkers, prefetchFactor, seed, testMode, badSamples);

    /// <summary>A loader of <see cref="TtaBatch"/>es from a dataset whose pipeline ends in TestTimeAug.</summary>
    public static DataLoader<TtaInputs, TtaBatch> ForTestTimeAug(IPipelineDataset<TtaInputs> dataset,
        IBatchSampler batchSampler, int? numWorkers = null, int prefetchFactor = 2, long seed = 0,
        BadSamplePolicy badSamples = BadSamplePolicy.Raise) =>
        new(dataset, batchSampler, Collate.TestTimeAug, numWorkers, prefetchFactor, seed, testMode: true, badSamples);
}

/// <summary>
/// Loads batches with decoding and augmentation running in parallel on worker threads (PyTorch's
/// DataLoader with MMEngine's conventions), with a fixed number of batches in flight.
/// </summary>
/// <remarks>
/// <para><b>Deterministic.</b> Sample i of epoch e is processed with its own generator,
/// <see cref="SampleSeeds.For"/>(seed, e, i), and batches come out in sampler order, so the batches
/// are the same for any number of workers and any thread timing.</para>
/// <para><b>Bounded.</b> At most <c>numWorkers × prefetchFactor</c> batches are being prepared or
/// waiting, plus the one the consumer holds; memory does not grow with the dataset.</para>
/// <para><b>Dropped and bad samples.</b> When the pipeline drops a sample (RandomCrop without boxes,
/// FilterAnnotations), a training loader draws another index from the sample's generator, as MMEngine
/// does (<c>maxRefetch</c> tries); a test loader (<c>testMode</c>) raises instead. A
/// <see cref="BadSampleException"/> (missing or corrupt image, malformed annotation) is raised naming
/// the file, or with <see cref="BadSamplePolicy.Skip"/> counted in <see cref="Skipped"/> and replaced
/// (training) or left out of its batch (test). Any other failure is raised naming the file.</para>
/// <para>The collate function runs on the worker that finishes a batch (as PyTorch runs collate_fn
/// in its workers), so per-batch work placed there — normalization, padding — is parallel too; tensor
/// ops in workers run single-threaded, like PyTorch's worker processes.</para>
/// <para>Enumerate <see cref="Epoch"/>; disposing the enumerator (leaving a foreach) stops the workers
/// and disposes batches that were prepared but not delivered.</para>
/// </remarks>
public sealed class DataLoader<T, TBatch> where T : class
{
    readonly Func<IReadOnlyList<T>, TBatch> collate;
    readonly List<SkippedSample> skipped = [];
    readonly Lock skippedGate = new();

    /// <summary>Creates the loader.</summary>
    /// <param name="dataset">Records and pipeline.</param>
    /// <param name="batchSampler">Which indices form each batch.</param>
    /// <param name="collate">Turns a batch's samples into the batch type.</param>
    /// <param name="numWorkers">Worker threads; null uses every core, 0 loads on the consumer's thread.</param>
    /// <param name="prefetchFactor">Batches in flight per worker.</param>
    /// <param name="seed">Seed of the per-sample generators.</param>
    /// <param name="testMode">Raise when the pipeline drops a sample instead of drawing another.</param>
    /// <param name="badSamples">Raise on bad samples, or skip and count them.</param>
    /// <param name="maxRefetch">Draws before a training loader gives up on finding a usable sample.</param>
    public DataLoader(IPipelineDataset<T> dataset, IBatchSampler batchSampler, Func<IReadOnlyList<T>, TBatch> collate,
        int? numWorkers = null, int prefetchFactor = 2, long seed = 0, bool testMode = false,
        BadSamplePolicy badSamples = BadSamplePolicy.Raise, int maxRefetch = 1000)
    {
        if (numWorkers < 0) throw new ArgumentException($"numWorkers must be ≥ 0, got {numWorkers}.", nameof(numWorkers));
        if (prefetchFactor < 1) throw new ArgumentException($"prefetchFactor must be ≥ 1, got {prefetchFactor}.", nameof(prefetchFactor));
        if (batchSampler.Sampler.DatasetLength != dataset.DataInfos.Count)
            throw new ArgumentException(
                $"The sampler covers {batchSampler.Sampler.DatasetLength} images but the dataset has {dataset.DataInfos.Count}.", nameof(batchSampler));
        Dataset = dataset;
        BatchSampler = batchSampler;
        this.collate = collate;
        NumWorkers = numWorkers ?? Environment.ProcessorCount;
        PrefetchFactor = prefetchFactor;
        Seed = seed;
        TestMode = testMode;
        BadSamples = badSamples;
        MaxRefetch = maxRefetch;
    }

    /// <summary>The dataset.</summary>
    public IPipelineDataset<T> Dataset { get; }

    /// <summary>The batch sampler.</summary>
    public IBatchSampler BatchSampler { get; }

    /// <summary>Worker threads (0: the consumer's thread).</summary>
    public int NumWorkers { get; }

    /// <summary>Batches in flight per worker.</summary>
    public int PrefetchFactor { get; }

    /// <summary>Seed of the per-sample generators.</summary>
    public long Seed { get; }

    /// <summary>Whether dropped samples raise (test loaders) instead of being replaced.</summary>
    public bool TestMode { get; }

    /// <summary>What happens to bad samples.</summary>
    public BadSamplePolicy BadSamples { get; }

    /// <summary>Draws before giving up on a usable sample.</summary>
    public int MaxRefetch { get; }

    /// <summary>Samples skipped so far (with <see cref="BadSamplePolicy.Skip"/>), in delivery order.</summary>
    public IReadOnlyList<SkippedSample> Skipped
    {
        get { lock (skippedGate) return [.. skipped]; }
    }

    /// <summary>Batches per epoch (MMDetection's <c>len(dataloader)</c>); null for an infinite sampler.</summary>
    public int? BatchesPerEpoch => BatchSampler.Length;

    /// <summary>
    /// The batches of <paramref name="epoch"/> (never ending for an infinite sampler), from batch
    /// <paramref name="startBatch"/> on: a resumed run skips the batches it has seen without loading
    /// them and gets exactly the batches an uninterrupted run would have.
    /// </summary>
    public IEnumerable<TBatch> Epoch(int epoch, int startBatch = 0)
    {
        if (startBatch < 0) throw new ArgumentException($"startBatch must be ≥ 0, got {startBatch}.", nameof(startBatch));
        var batches = BatchSampler.Batches(epoch).Skip(startBatch);
        if (NumWorkers == 0)
        {
            foreach (var tickets in batches)
            {
                using var slot = LoadBatch(tickets);
                yield return Deliver(slot);
            }
            yield break;
        }
        using var run = new ParallelBatchRun<T, TBatch>(batches, LoadSample, collate, NumWorkers, NumWorkers * PrefetchFactor);
        while (run.Next() is { } finished) yield return Deliver(finished);
    }

    BatchSlot<T, TBatch> LoadBatch(IReadOnlyList<SampleTicket> tickets)
    {
        var slot = new BatchSlot<T, TBatch>(tickets);
        for (int i = 0; i < tickets.Count; i++)
        {
            try { slot.Results[i] = LoadSample(tickets[i], slot.SkippedBy(i)); }
            catch (Exception e) { slot.Errors[i] = e; }
        }
        slot.Finish(collate);
        return slot;
    }

    /// <summary>Hands a finished batch to the caller: its error is raised here, in batch order; its skips are recorded.</summary>
    TBatch Deliver(BatchSlot<T, TBatch> slot)
    {
        if (slot.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        lock (skippedGate) skipped.AddRange(slot.AllSkipped());
        return slot.Batch!;
    }

    /// <summary>Loads one sample: pipeline, refetch on drop, bad-sample policy. Null only when skipped in test mode.</summary>
    T? LoadSample(SampleTicket ticket, List<SkippedSample> skippedHere)
    {
        var rng = SampleSeeds.For(Seed, ticket.Epoch, ticket.Index);
        int index = ticket.Index;
        for (int attempt = 0; attempt <= MaxRefetch; attempt++)
        {
            var info = Dataset.DataInfos[index];
            T? result;
            try
            {
                result = Dataset.Get(index, rng);
            }
            catch (BadSampleException e) when (BadSamples == BadSamplePolicy.Skip)
            {
                skippedHere.Add(new SkippedSample(index, e.ImgPath, e.AnnotationId, e.Reason));
                if (TestMode) return null;
                result = null;
            }
            catch (BadSampleException) { throw; }
            catch (Exception e)
            {
                throw new InvalidOperationException($"The data pipeline failed on {info.ImgPath} (dataset index {index}): {e.Message}", e);
            }
            if (result is not null) return result;
            if (TestMode)
                throw new InvalidOperationException(
                    $"The test pipeline dropped {info.ImgPath} (dataset index {index}); test pipelines must keep every sample.");
            index = rng.Next(Dataset.DataInfos.Count);
        }
        throw new InvalidOperationException(
            $"No usable sample after {MaxRefetch + 1} draws starting from dataset index {ticket.Index}: check the dataset and its pipeline.");
    }
}
