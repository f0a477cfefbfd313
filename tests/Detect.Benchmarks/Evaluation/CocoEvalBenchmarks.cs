using BenchmarkDotNet.Attributes;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Benchmarks.Evaluation;

/// <summary>
/// COCO bbox evaluation of 5,000 images × 100 detections (500,000 results, ≈ 38,000 ground-truth
/// boxes over 80 categories), the workload pycocotools is timed on by reference/coco_eval_pycocotools.py.
/// </summary>
/// <remarks>
/// Data: <c>/usr/bin/python3 tests/Detect.Benchmarks/reference/make_coco_eval_data.py</c> writes
/// gt.json and dt.json to /tmp/detect-coco-bench (or set DETECT_COCO_BENCH to another folder).
/// Run: <c>dotnet run -c Release --project tests/Detect.Benchmarks -- --filter '*CocoEval*'</c>.
/// <see cref="Evaluate"/> covers what pycocotools' loadRes + evaluate + accumulate + summarize do,
/// from results already in memory; the Load benchmarks time reading the files.
/// </remarks>
[MemoryDiagnoser]
public class CocoEvalBenchmarks
{
    private string _dir = "";
    private CocoAnnotationFile _gt = null!;
    private List<CocoResult> _results = null!;

    /// <summary>Threads: 1 (like pycocotools) or −1 (all cores).</summary>
    [Params(1, -1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Environment.GetEnvironmentVariable("DETECT_COCO_BENCH") ?? "/tmp/detect-coco-bench";
        if (!File.Exists(Path.Combine(_dir, "dt.json")))
            throw new FileNotFoundException(
                $"Benchmark data not found in {_dir}: run /usr/bin/python3 tests/Detect.Benchmarks/reference/make_coco_eval_data.py {_dir}");
        _gt = CocoAnnotationFile.Load(Path.Combine(_dir, "gt.json"));
        _results = CocoResultsJson.Load(Path.Combine(_dir, "dt.json"));
    }

    [Benchmark]
    public double Evaluate() => CocoEval.Run(_gt, _results, CocoEvalParams.Bbox, maxDegreeOfParallelism: Threads).Stats[0];

    [Benchmark]
    public int LoadResults() => CocoResultsJson.Load(Path.Combine(_dir, "dt.json")).Count;

    [Benchmark]
    public int LoadGroundTruth() => CocoAnnotationFile.Load(Path.Combine(_dir, "gt.json")).Annotations.Count;
}
