using BenchmarkDotNet.Attributes;
using Detect.Data;
using Detect.Datasets;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Benchmarks.Pipeline;

/// <summary>
/// Train-pipeline throughput (BenchmarkDotNet): one operation is one image through decode, resize,
/// flip, pack, normalize and pad, on all cores. Compare with reference/pipeline_opencv.py.
/// Run: <c>dotnet run -c Release --project tests/Detect.Benchmarks -- --filter *PipelineThroughput*</c>.
/// </summary>
[MemoryDiagnoser]
public class PipelineThroughputBenchmark
{
    List<DataInfo> records = null!;
    DataLoader<PackedDetInputs, NormalizedBatch> loader = null!;
    int epoch;

    /// <summary>Images per epoch (the generator's default count).</summary>
    const int Images = 64;

    [GlobalSetup]
    public void Setup()
    {
        records = PipelineBenchmarkSetup.Records(PipelineBenchmarkSetup.DataDir());
        if (records.Count != Images)
            throw new InvalidOperationException($"Expected {Images} benchmark images, found {records.Count}; regenerate with the default --count.");
        loader = PipelineBenchmarkSetup.Loader(records);
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public int TrainPipelineEpoch() => PipelineBenchmarkSetup.RunEpoch(loader, epoch++);
}
