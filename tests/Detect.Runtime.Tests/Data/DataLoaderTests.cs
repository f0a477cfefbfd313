using Detect.Data;
using Detect.Datasets;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Data;

/// <summary>The parallel loader: same batches for any worker count, bounded prefetch, bad and dropped samples.</summary>
public sealed class DataLoaderTests : IDisposable
{
    static readonly string Images = Path.Combine(AppContext.BaseDirectory, "Transforms", "Fixtures", "images");
    readonly string dir = Directory.CreateTempSubdirectory("detect-loader-").FullName;

    public DataLoaderTests() => Detect.Platform.TorchRuntime.EnsureInitialized();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Twelve records over the fixture images (several formats and sizes), two boxes each.</summary>
    static List<DataInfo> Records() =>
        Enumerable.Range(0, 12).Select(i =>
        {
            string name = new[] { "scene.jpg", "scene.png", "exif6.jpg", "gray.jpg", "scene.webp", "rgba.png" }[i % 6];
            bool portrait = name == "exif6.jpg";
            int h = portrait ? 101 : 75, w = portrait ? 75 : 101;
            return new DataInfo(i, Path.Combine(Images, name), h, w,
            [
                new InstanceInfo([2 + i, 3, 40 + i, 50], i % 3, false, null, 1000 + 2 * i),
                new InstanceInfo([30, 20 + i, 70, 60], (i + 1) % 3, i % 4 == 0, null, 1001 + 2 * i),
            ]);
        }).ToList();

    static Pipeline<DataInfo, PackedDetInputs> Augmenting() =>
        Pipeline.Start<DataInfo>()
            .Then(new LoadImageFromFile())
            .Then(new LoadAnnotations())
            .Then(new RandomResize([(60, 40), (120, 90)], keepRatio: true))
            .Then(new RandomCrop((0.7, 0.7), cropType: CropType.RelativeRange))
            .Then(new RandomFlip(0.5, [FlipDirection.Horizontal, FlipDirection.Vertical]))
            .Then(new PhotoMetricDistortion())
            .Then(new PackDetInputs());

    /// <summary>Everything a batch holds, as text: paths, shapes, flips, a pixel checksum, boxes.</summary>
    static string Fingerprint(DetBatch batch) => string.Join(" | ", batch.Samples.Zip(batch.Inputs).Select(p =>
    {
        var (sample, image) = p;
        long checksum = 0;
        var bytes = image.bytes;
        for (int i = 0; i < bytes.Length; i++) checksum = checksum * 31 + bytes[i];
        string boxes = string.Join(",", sample.GtInstances!.Bboxes.data<float>().ToArray());
        return $"{Path.GetFileName(sample.Meta.ImgPath)} {sample.Meta.ImgShape} {sample.Meta.FlipDirection} {checksum} [{boxes}]";
    }));

    static List<string> Run(DataLoader<PackedDetInputs, DetBatch> loader, int epoch)
    {
        var prints = new List<string>();
        foreach (var batch in loader.Epoch(epoch))
            using (batch) prints.Add(Fingerprint(batch));
        return prints;
    }

    static DataLoader<PackedDetInputs, DetBatch> Loader(IReadOnlyList<DataInfo> records, Pipeline<DataInfo, PackedDetInputs> pipeline,
        int workers, long seed = 5, bool testMode = false, BadSamplePolicy policy = BadSamplePolicy.Raise, int batchSize = 3) =>
        DataLoader.ForDetection(new PipelineDataset<PackedDetInputs>(records, pipeline),
            new AspectRatioBatchSampler(new DefaultSampler(records.Count, shuffle: !testMode, seed: 1), records, batchSize),
            numWorkers: workers, prefetchFactor: 2, seed: seed, testMode: testMode, badSamples: policy);

    [Fact]
    public void SameBatchesForAnyNumberOfWorkersAndAcrossRuns()
    {
        var records = Records();
        var reference = Run(Loader(records, Augmenting(), workers: 0), epoch: 2);

        Assert.Equal(4, reference.Count);
        foreach (int workers in new[] { 1, 2, 5 })
            Assert.Equal(reference, Run(Loader(records, Augmenting(), workers), epoch: 2));
        Assert.Equal(reference, Run(Loader(records, Augmenting(), workers: 3), epoch: 2));
        Assert.NotEqual(reference, Run(Loader(records, Augmenting(), workers: 2), epoch: 3));
        Assert.NotEqual(reference, Run(Loader(records, Augmenting(), workers: 2, seed: 6), epoch: 2));
    }

    [Fact]
    public void AResumedEpochGivesTheRemainingBatchesUnchanged()
    {
        var records = Records();
        var full = Run(Loader(records, Augmenting(), workers: 2), epoch: 1);
        var loader = Loader(records, Augmenting(), workers: 2);

        var resumed = new List<string>();
        foreach (var batch in loader.Epoch(1, startBatch: 2))
            using (batch) resumed.Add(Fingerprint(batch));

        Assert.Equal(full[2..], resumed);
        Assert.Equal(4, loader.BatchesPerEpoch);
    }

    [Fact]
    public void AtMostWorkersTimesPrefetchBatchesAreInFlight()
    {
        var dataset = new CountingDataset(200);
        var loader = new DataLoader<CountingDataset.Item, ItemBatch>(dataset,
            new BatchSampler(new DefaultSampler(200, shuffle: false), batchSize: 4), items => [.. items],
            numWorkers: 3, prefetchFactor: 2);
        int torchThreads = TorchSharp.torch.get_num_threads();

        int consumed = 0;
        foreach (var batch in loader.Epoch(0))
        {
            Thread.Sleep(2); // a slow consumer: the workers run ahead as far as they may
            Assert.Equal(Enumerable.Range(consumed, batch.Count), batch.Select(b => b.Index));
            consumed += batch.Count;
            dataset.Consumed = consumed;
        }

        Assert.Equal(200, consumed);
        Assert.InRange(dataset.MaxAhead, 4, (3 * 2 + 1) * 4); // in flight plus the batch being handed over
        Assert.Equal(torchThreads, TorchSharp.torch.get_num_threads()); // workers' single-threading stays theirs
    }

    [Fact]
    public void LeavingEarlyDisposesWhatWasPreparedButNotDelivered()
    {
        var dataset = new CountingDataset(100);
        var loader = new DataLoader<CountingDataset.Item, ItemBatch>(dataset,
            new BatchSampler(new DefaultSampler(100, shuffle: false), batchSize: 2), items => [.. items], numWorkers: 2);

        var first = loader.Epoch(0).First();

        Assert.Equal([0, 1], first.Select(i => i.Index));
        Assert.True(dataset.Produced > 2);
        Assert.Equal(dataset.Produced - 2, dataset.Disposed); // everything but the delivered batch
    }

    [Fact]
    public void InfiniteSamplerKeepsGoing()
    {
        var dataset = new CountingDataset(5);
        var loader = new DataLoader<CountingDataset.Item, ItemBatch>(dataset,
            new BatchSampler(new InfiniteSampler(5, seed: 3), batchSize: 2), items => [.. items], numWorkers: 2);

        var indices = loader.Epoch(0).Take(10).SelectMany(b => b.Select(i => i.Index)).ToList();

        Assert.Equal(20, indices.Count);
        Assert.All(indices.Chunk(5), pass => Assert.Equal([0, 1, 2, 3, 4], pass.Order())); // every pass is a permutation
    }

    List<DataInfo> RecordsWithBadOnes()
    {
        var records = Records().Take(6).ToList();
        string corrupt = Path.Combine(dir, "corrupt.jpg");
        File.WriteAllBytes(corrupt, File.ReadAllBytes(Path.Combine(Images, "scene.jpg"))[..900]);
        records[1] = records[1] with { ImgPath = Path.Combine(dir, "missing.jpg") };
        records[3] = records[3] with { ImgPath = corrupt };
        records[4] = records[4] with { Instances = [records[4].Instances[0], records[4].Instances[1] with { Bbox = [5, 5, 1] }] };
        return records;
    }

    static Pipeline<DataInfo, PackedDetInputs> Plain() =>
        Pipeline.Start<DataInfo>().Then(new LoadImageFromFile()).Then(new LoadAnnotations()).Then(new PackDetInputs());

    [Fact]
    public void BadSamplesRaiseNamingTheFileAndAnnotation()
    {
        var records = RecordsWithBadOnes();

        var missing = Assert.Throws<BadSampleException>(() => Run(Loader([records[1]], Plain(), workers: 2, batchSize: 1), 0));
        var corrupt = Assert.Throws<BadSampleException>(() => Run(Loader([records[3]], Plain(), workers: 2, batchSize: 1), 0));
        var malformed = Assert.Throws<BadSampleException>(() => Run(Loader([records[4]], Plain(), workers: 0, batchSize: 1), 0));

        Assert.Equal(Path.Combine(dir, "missing.jpg"), missing.ImgPath);
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("corrupt.jpg: cannot decode the image", corrupt.Message);
        Assert.Equal(1009, malformed.AnnotationId);
        Assert.Contains("annotation 1009: bbox must have 4 numbers", malformed.Message);
    }

    [Fact]
    public void SkippedBadSamplesAreCountedAndReplacedInTraining()
    {
        var records = RecordsWithBadOnes();
        var loader = Loader(records, Plain(), workers: 2, policy: BadSamplePolicy.Skip, batchSize: 2);

        var delivered = loader.Epoch(0).SelectMany(b => { using (b) return b.Samples.Select(s => s.Meta.ImgPath).ToList(); }).ToList();

        Assert.Equal(6, delivered.Count); // replaced by other images, as MMEngine refetches
        Assert.DoesNotContain(delivered, p => p.Contains("missing") || p.Contains("corrupt"));
        var skipped = loader.Skipped;
        Assert.Equal(3, skipped.Select(s => (s.ImgPath, s.AnnotationId)).Distinct().Count());
        Assert.Contains(skipped, s => s.AnnotationId == 1009 && s.Reason.Contains("4 numbers") && s.Index == 4);
        Assert.Contains(skipped, s => s.ImgPath.EndsWith("missing.jpg") && s.Index == 1);
        Assert.Contains(skipped, s => s.ImgPath.EndsWith("corrupt.jpg") && s.Index == 3);
    }

    [Fact]
    public void SkippedBadSamplesAreLeftOutOfTestBatches()
    {
        var loader = Loader(RecordsWithBadOnes(), Plain(), workers: 2, testMode: true, policy: BadSamplePolicy.Skip, batchSize: 2);

        var sizes = loader.Epoch(0).Select(b => { using (b) return b.Count; }).ToList();

        Assert.Equal(3, sizes.Sum());
        Assert.Equal(3, loader.Skipped.Count);
    }

    [Fact]
    public void DroppedSamplesAreRefetchedInTrainingAndAnErrorInTesting()
    {
        var records = Records();
        // Image 0's boxes become tiny so FilterAnnotations drops it; the others pass.
        records[0] = records[0] with { Instances = [new InstanceInfo([1, 1, 1.5f, 1.5f], 0, false, null, 7)] };
        var pipeline = Pipeline.Start<DataInfo>().Then(new LoadImageFromFile()).Then(new LoadAnnotations())
            .Then(new FilterAnnotations()).Then(new PackDetInputs());

        var training = Run(Loader(records, pipeline, workers: 2), 0);
        Assert.Equal(12, training.Sum(b => b.Split(" | ").Length));
        Assert.Equal(training, Run(Loader(records, pipeline, workers: 0), 0)); // the replacement is deterministic too

        var error = Assert.Throws<InvalidOperationException>(() => Run(Loader(records, pipeline, workers: 2, testMode: true), 0));
        Assert.Contains("dropped", error.Message);
        Assert.Contains("scene.jpg", error.Message);
    }

    [Fact]
    public void TestTimeAugBatchesHoldOneBatchPerView()
    {
        var records = Records().Take(5).ToList();
        var pipeline = Pipeline.Start<DataInfo>().Then(new LoadImageFromFile())
            .Then(new TestTimeAug([[new Resize((64, 48), keepRatio: true)], [new RandomFlip(1.0), new RandomFlip(0.0)]]));
        var loader = DataLoader.ForTestTimeAug(new PipelineDataset<TtaInputs>(records, pipeline),
            new BatchSampler(new DefaultSampler(5, shuffle: false), batchSize: 2), numWorkers: 2);

        var batches = loader.Epoch(0).ToList();

        Assert.Equal([2, 2, 1], batches.Select(b => b.Views[0].Count));
        Assert.All(batches, b => Assert.Equal(2, b.Views.Count));
        Assert.All(batches, b => Assert.Equal([true, false], b.Views.Select(v => v.Samples[0].Meta.Flip)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), batches.SelectMany(b => b.Views[1].Samples.Select(s => s.Meta.ImgId)));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void PipelineBugsAreReportedWithTheFile()
    {
        var records = Records().Take(2).ToList();
        var pipeline = Pipeline.Start<DataInfo>().Then(new LoadImageFromFile()).Then(new Mosaic()).Then(new PackDetInputs());

        var error = Assert.Throws<InvalidOperationException>(() => Run(Loader(records, pipeline, workers: 2, batchSize: 1), 0));

        Assert.Contains("The data pipeline failed on", error.Message);
        Assert.Contains("MultiImageMixDataset", error.Message);
    }

    /// <summary>A batch that owns its items, as DetBatch owns its tensors.</summary>
    sealed class ItemBatch : List<CountingDataset.Item>, IDisposable
    {
        public void Dispose()
        {
            foreach (var item in this) item.Dispose();
        }
    }

    /// <summary>Counts items made, handed over and disposed; records how far the workers ran ahead.</summary>
    sealed class CountingDataset(int count) : IPipelineDataset<CountingDataset.Item>
    {
        int produced, disposed, maxAhead;

        public sealed class Item(int index, CountingDataset owner) : IDisposable
        {
            public int Index { get; } = index;

            public void Dispose() => Interlocked.Increment(ref owner.disposed);
        }

        public IReadOnlyList<DataInfo> DataInfos { get; } =
            Enumerable.Range(0, count).Select(i => new DataInfo(i, $"{i}.jpg", 1, 1, [])).ToList();

        public volatile int Consumed;

        public int Produced => produced;

        public int Disposed => disposed;

        public int MaxAhead => maxAhead;

        public Item Get(int index, Random rng)
        {
            int ahead = Interlocked.Increment(ref produced) - Consumed;
            int seen;
            while (ahead > (seen = maxAhead) && Interlocked.CompareExchange(ref maxAhead, ahead, seen) != seen) { }
            return new Item(index, this);
        }
    }
}
