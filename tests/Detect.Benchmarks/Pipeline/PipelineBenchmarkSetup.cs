using System.Text.Json;
using Detect.Data;
using Detect.Datasets;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Benchmarks.Pipeline;

/// <summary>
/// The train-pipeline benchmark's inputs and work, shared by the BenchmarkDotNet class and the direct
/// runner: the images made by reference/make_pipeline_images.py, MMDetection's Faster R-CNN train
/// pipeline (decode, Resize to (1333, 800) keeping the ratio, RandomFlip 0.5, pack), the parallel
/// loader, and the data preprocessor's normalize-and-pad (ImageNet mean/std, BGR→RGB, divisor 32) —
/// the same work reference/pipeline_opencv.py does per image.
/// </summary>
public static class PipelineBenchmarkSetup
{
    static readonly double[] Mean = [123.675, 116.28, 103.53];
    static readonly double[] Std = [58.395, 57.12, 57.375];

    /// <summary>The folder with manifest.json: $DETECT_PIPELINE_BENCH, else artifacts/pipeline-bench in the repository.</summary>
    public static string DataDir()
    {
        if (Environment.GetEnvironmentVariable("DETECT_PIPELINE_BENCH") is { Length: > 0 } dir) return dir;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Detect.sln"))) return Path.Combine(d.FullName, "artifacts", "pipeline-bench");
        throw new InvalidOperationException("Cannot find the repository root; set DETECT_PIPELINE_BENCH to the benchmark images' folder.");
    }

    /// <summary>The records of the generated images (one box list each).</summary>
    public static List<DataInfo> Records(string dir)
    {
        string manifest = Path.Combine(dir, "manifest.json");
        if (!File.Exists(manifest))
            throw new FileNotFoundException(
                $"{manifest} is missing: run /usr/bin/python3 tests/Detect.Benchmarks/reference/make_pipeline_images.py first.", manifest);
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.EnumerateArray().Select(m => new DataInfo(
            m.GetProperty("id").GetInt64(), Path.Combine(dir, m.GetProperty("file").GetString()!),
            m.GetProperty("height").GetInt32(), m.GetProperty("width").GetInt32(),
            m.GetProperty("bboxes").EnumerateArray().Select((b, i) => new InstanceInfo(
                b.EnumerateArray().Select(v => v.GetSingle()).ToArray(), 0, false, null, i)).ToList())).ToList();
    }

    /// <summary>MMDetection's standard detection train pipeline.</summary>
    public static Pipeline<DataInfo, PackedDetInputs> TrainPipeline() =>
        Detect.Transforms.Pipeline.Start<DataInfo>()
            .Then(new LoadImageFromFile())
            .Then(new LoadAnnotations())
            .Then(new Resize((1333, 800), keepRatio: true))
            .Then(new RandomFlip(0.5))
            .Then(new PackDetInputs());

    /// <summary>
    /// The loader: shuffled, batches of 2, all cores. Its collate step, which runs on the workers as
    /// PyTorch's collate_fn does, also normalizes and pads as the model's data preprocessor would.
    /// </summary>
    public static DataLoader<PackedDetInputs, NormalizedBatch> Loader(List<DataInfo> records, int? numWorkers = null) =>
        new(new PipelineDataset<PackedDetInputs>(records, TrainPipeline()),
            new BatchSampler(new DefaultSampler(records.Count, shuffle: true, seed: 0), batchSize: 2),
            NormalizeAndPad, numWorkers: numWorkers, seed: 0);

    static NormalizedBatch NormalizeAndPad(IReadOnlyList<PackedDetInputs> samples)
    {
        var inputs = ImageNormalization.NormalizeAndStack(samples.Select(s => s.Inputs).ToList(), Mean, Std,
            bgrToRgb: true, padSizeDivisor: 32);
        foreach (var sample in samples) sample.Inputs.Dispose(); // the uint8 images are consumed; the samples move on
        return new NormalizedBatch(inputs, samples.Select(s => s.DataSample).ToList());
    }

    /// <summary>Runs one epoch and returns the number of images delivered.</summary>
    public static int RunEpoch(DataLoader<PackedDetInputs, NormalizedBatch> loader, int epoch)
    {
        int images = 0;
        foreach (var batch in loader.Epoch(epoch))
            using (batch) images += (int)batch.Inputs.shape[0];
        return images;
    }
}
