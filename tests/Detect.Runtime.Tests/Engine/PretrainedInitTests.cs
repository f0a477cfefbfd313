using Detect.Checkpoints;
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// MMEngine's order when training starts: the modules' own random init (their constructors), then every
/// Pretrained <c>init_cfg</c> (non-strict, the load report logged), then <c>load_from</c> / resume — and a
/// Pretrained checkpoint is loaded once, never over weights that came from a checkpoint.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PretrainedInitTests(TinyData data) : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("detect-pretrained-").FullName;

    /// <summary>The tiny detector as a module with a Pretrained init_cfg (as a backbone with <c>init_cfg</c> is).</summary>
    sealed class PretrainedTiny : DetectionModel, IPretrainedModule
    {
        readonly TinyDetector detector = new(3);

        public PretrainedTiny(string? checkpoint) : base(nameof(PretrainedTiny))
        {
            register_module("detector", detector);
            InitCfg = checkpoint is null ? null : new PretrainedInit(checkpoint);
        }

        public PretrainedInit? InitCfg { get; }

        public bool IsInit { get; set; }

        public override IReadOnlyDictionary<string, Tensor> Loss(DetBatch batch) => detector.Loss(batch);

        public override IReadOnlyList<DetDataSample> Predict(DetBatch batch, bool rescale = true) => detector.Predict(batch, rescale);
    }

    sealed class WeightsAtStart() : Hook(HookPriorities.Lowest)
    {
        public Dictionary<string, float[]> Weights { get; private set; } = [];

        public override void BeforeTrain(Runner runner) => Weights = Snapshot(runner.Model);
    }

    static Dictionary<string, float[]> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().to(float32).reshape(-1).data<float>().ToArray());

    // A checkpoint of another seeded tiny detector: fc.bias left out (a missing key), an extra entry (an unexpected key).
    string PretrainedCheckpoint(out Dictionary<string, float[]> weights)
    {
        Runner.SetRandomSeed(11);
        using var source = new PretrainedTiny(null);
        var state = source.state_dict().Where(p => p.Key != "detector.fc.bias").ToDictionary(p => p.Key, p => (object?)p.Value);
        state["head.extra.weight"] = ones(2);
        string path = Path.Combine(folder, "pretrained.pth");
        TorchCheckpointWriter.Save(path, state);
        weights = Snapshot(source);
        weights.Remove("detector.fc.bias");
        return path;
    }

    RunnerOptions Options(PretrainedTiny model, WeightsAtStart hook) =>
        TinySetup.Options(data.NewWorkDir(), data.Train, epochs: 1, customHooks: [hook]) with { Model = model };

    [Fact]
    public void Training_starts_from_the_pretrained_weights_and_logs_the_load_report()
    {
        string path = PretrainedCheckpoint(out var pretrained);
        var model = new PretrainedTiny(path);
        var randomFcBias = Snapshot(model)["detector.fc.bias"];
        var start = new WeightsAtStart();
        using var runner = new Runner(Options(model, start));
        runner.Train();

        foreach (var (key, values) in pretrained) Assert.Equal(values, start.Weights[key]);
        Assert.Equal(randomFcBias, start.Weights["detector.fc.bias"]); // missing: keeps its random init
        Assert.True(model.IsInit);
        string log = File.ReadAllText(runner.Log.FilePath!);
        Assert.Contains($"INFO - PretrainedTiny: load model from: {path}", log);
        Assert.Contains($"WARNING - PretrainedTiny: {path}: the model and loaded state dict do not match exactly", log);
        Assert.Contains("unexpected key in source state_dict: head.extra.weight", log);
        Assert.Contains("missing keys in source state_dict: detector.fc.bias", log);

        // Once: training again (a second runner on the same model) does not load the checkpoint over the trained weights.
        var trained = Snapshot(model);
        var again = new WeightsAtStart();
        using var second = new Runner(Options(model, again));
        second.Train();
        Assert.Equal(trained["detector.conv1.weight"], again.Weights["detector.conv1.weight"]);
        Assert.DoesNotContain("load model from", File.ReadAllText(second.Log.FilePath!));
    }

    [Fact]
    public void Load_from_is_loaded_after_the_pretrained_weights_and_wins()
    {
        string path = PretrainedCheckpoint(out _);
        Runner.SetRandomSeed(12);
        using var other = new PretrainedTiny(null);
        var loadFrom = Snapshot(other);
        string loadFromPath = Path.Combine(folder, "load_from.pth");
        TorchCheckpointWriter.Save(loadFromPath, new Dictionary<string, object?> { ["state_dict"] = other.state_dict() });

        var start = new WeightsAtStart();
        using var runner = new Runner(Options(new PretrainedTiny(path), start) with { LoadFrom = loadFromPath });
        runner.Train();

        Assert.Equal(loadFrom.Keys, start.Weights.Keys);
        foreach (var (key, values) in loadFrom) Assert.Equal(values, start.Weights[key]);
        string log = File.ReadAllText(runner.Log.FilePath!);
        Assert.True(log.IndexOf("load model from", StringComparison.Ordinal) < log.IndexOf($"Loaded weights from {loadFromPath}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_module_whose_weights_came_from_a_checkpoint_is_not_initialized_again()
    {
        string path = PretrainedCheckpoint(out _);
        Runner.SetRandomSeed(13);
        using var model = new PretrainedTiny(path);
        using var trained = new PretrainedTiny(null);
        string trainedPath = Path.Combine(folder, "trained.pth");
        TorchCheckpointWriter.Save(trainedPath, trained.state_dict().ToDictionary(p => p.Key, p => (object?)p.Value));
        CheckpointLoader.LoadCheckpoint(model, trainedPath);

        Assert.True(model.IsInit);
        Assert.Empty(PretrainedWeights.InitWeights(model));
        Assert.Equal(Snapshot(trained), Snapshot(model));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
