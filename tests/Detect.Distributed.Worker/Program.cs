// Started by the distributed tests under mpiexec (or alone, for the single-process reference). Arguments:
//   train <batch per rank> <iterations> <weights out> [gn|syncbn]  trains TinyNormNet (GroupNorm by default, or SyncBN)
//       on 16 fixed samples with the engine's DefaultSampler (sharded by rank) and OptimWrapper (gradients averaged in
//       buckets); rank 0 writes the final weights and buffers, one number per line.
//   probe  all-reduces, broadcasts and gathers a few numbers and prints them.
//   coco-train <data root> <work dir>  trains the engine tests' tiny detector 12 epochs with the Runner (validating
//       on 7 images) and prints rank 0's metrics; coco-test <data root> <work dir> <checkpoint> tests that checkpoint;
//       coco-echo <data root> <work dir> tests the EchoDetector (non-trivial, rank-independent boxes and masks; bbox and segm).
//   coco-curve <data root> <work dir> <epochs> [--resume] [--die-at RANK ITER]  trains the tiny detector with the Runner,
//       printing every rank's loss per iteration; with --die-at that rank kills itself (SIGKILL) after that iteration.
//   fail <rank>  that rank throws after one collective and aborts the world; the others wait in a barrier.
//   die <rank>   that rank kills itself (SIGKILL) after one collective; the others wait in a barrier.
using System.Globalization;
using Detect.Data;
using Detect.Distributed;
using Detect.Distributed.Worker;
using Detect.Datasets;
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Evaluation;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.EnsureInitialized(TorchUse.Training);
torch.set_num_threads(1);
bool alone = Environment.GetEnvironmentVariable("PMI_RANK") is null;
using var launched = DistributedContext.Launch(alone ? "none" : "mpi");
var context = DistributedContext.Current;
// A failure outside the launcher's guard must still end every rank, or the others wait in a collective until the test's limit.
AppDomain.CurrentDomain.UnhandledException += (_, e) => { if (context.WorldSize > 1) context.Abort((Exception)e.ExceptionObject); };
switch (args[0])
{
    case "train":
        Train(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args.Length > 4 ? args[4] : "gn");
        return 0;
    case "probe":
        using (var sum = torch.tensor(new float[] { context.Rank + 1, 10 * (context.Rank + 1) }))
        using (var root = torch.tensor(new double[] { context.Rank + 5, 7 }))
        {
            context.AllReduceSum([sum]);
            context.Broadcast([root]);
            var gathered = context.Gather([(byte)context.Rank, (byte)context.Rank]);
            Console.WriteLine($"rank {context.Rank}: sum {string.Join(',', sum.data<float>().ToArray())} broadcast {string.Join(',', root.data<double>().ToArray())}"
                + (gathered is null ? "" : $" gathered {string.Join('|', gathered.Select(g => string.Join(',', g)))}"));
        }
        return 0;
    case "coco-train" or "coco-test" or "coco-echo":
        // Rank 0 writes the dataset; the others wait, then find it (two ranks writing the same files race).
        if (context.Rank == 0) TinySetup.Data(args[1], trainImages: 16, valImages: 7);
        context.Barrier();
        var (trainSplit, valSplit) = TinySetup.Data(args[1], trainImages: 16, valImages: 7);
        var options = TinySetup.Options(args[2], trainSplit, valSplit, epochs: 12);
        options = options with { DefaultHooks = options.DefaultHooks with { Logger = null } };
        IReadOnlyDictionary<string, double> metrics;
        if (args[0] is "coco-test" or "coco-echo")
        {
            var evaluator = new CocoEvaluator(new CocoMetric(valSplit.AnnFile, args[0] == "coco-echo" ? [CocoMetricType.Bbox, CocoMetricType.Segm] : null, classes: ShapesDataset.Classes));
            var test = options with { TestDataloader = TinySetup.ValLoader(valSplit), TestEvaluator = evaluator };
            test = args[0] == "coco-echo" ? test with { Model = new EchoDetector(ShapesDataset.Classes.Count) } : test with { LoadFrom = args[3] };
            using var tester = new Runner(test);
            metrics = tester.Test();
        }
        else
            using (var trainer = new Runner(options))
            {
                trainer.Train();
                metrics = trainer.MessageHub.Scalars.Where(s => s.Key.StartsWith("val/coco", StringComparison.Ordinal))
                    .ToDictionary(s => s.Key, s => s.Value.Current);
            }
        foreach (var (key, value) in metrics.OrderBy(m => m.Key)) Console.WriteLine($"rank {context.Rank} {key} {value.ToString("R", CultureInfo.InvariantCulture)}");
        return 0;
    case "coco-curve":
    {
        if (context.Rank == 0) TinySetup.Data(args[1], trainImages: 16, valImages: 7);
        context.Barrier();
        var (curveSplit, _) = TinySetup.Data(args[1], trainImages: 16, valImages: 7);
        int die = Array.IndexOf(args, "--die-at");
        var hook = new CurveHook(die < 0 ? null : (int.Parse(args[die + 1], CultureInfo.InvariantCulture), int.Parse(args[die + 2], CultureInfo.InvariantCulture)));
        var curve = TinySetup.Options(args[2], curveSplit, epochs: int.Parse(args[3], CultureInfo.InvariantCulture), customHooks: [hook],
            resume: args.Contains("--resume"));
        using (var trainer = new Runner(curve with { DefaultHooks = curve.DefaultHooks with { Logger = null } })) trainer.Train();
        Console.WriteLine($"rank {context.Rank} done");
        return 0;
    }
    case "fail" or "die":
        int victim = int.Parse(args[1], CultureInfo.InvariantCulture);
        context.Barrier();
        if (context.Rank == victim)
        {
            if (args[0] == "die") System.Diagnostics.Process.GetCurrentProcess().Kill();
            try { throw new InvalidOperationException("failing on purpose"); }
            catch (Exception e) { context.Abort(e); }
        }
        context.Barrier();
        Console.WriteLine($"rank {context.Rank} passed the second barrier");
        return 0;
    default:
        Console.Error.WriteLine("usage: train BATCH ITERS OUT | fail RANK | die RANK");
        return 2;
}

void Train(int batchPerRank, int iterations, string output, string norm)
{
    // Every rank draws the same data; the weights start different on each rank, so the broadcast matters.
    torch.random.manual_seed(100);
    var inputs = torch.randn(16, 3, 6, 6);
    var targets = inputs.mean([1, 2, 3]).gt(torch.zeros(1)).to(ScalarType.Int64); // two classes by the sign of the mean
    torch.random.manual_seed(context.Rank);
    var model = new TinyNormNet(norm);
    using (torch.no_grad()) context.Broadcast([.. model.parameters(), .. model.buffers()]);
    var optim = OptimWrapper.Build(model, new OptimWrapperOptions(new SgdOptions { Lr = 0.1, Momentum = 0.9 }));
    var batches = new BatchSampler(new DefaultSampler(16, shuffle: true, seed: 3), batchPerRank, dropLast: false);
    int iter = 0;
    for (int epoch = 0; iter < iterations; epoch++)
        foreach (var batch in batches.Batches(epoch))
        {
            if (iter++ == iterations) break;
            using var scope = torch.NewDisposeScope();
            using var index = torch.tensor(batch.Select(t => (long)t.Index).ToArray());
            var loss = nn.functional.cross_entropy(model.forward(inputs.index_select(0, index)), targets.index_select(0, index));
            optim.UpdateParams(loss);
        }
    if (context.Rank == 0)
        File.WriteAllLines(output, model.parameters().Concat(model.buffers().Where(b => b.dtype == ScalarType.Float32))
            .SelectMany(p => p.detach().flatten().data<float>().ToArray())
            .Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
