using Detect.Engine;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static Detect.Runtime.Tests.Engine.EngineGolden;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

public sealed class OptimizerTests
{
    static readonly string[] Names = ["conv.weight", "conv.bias", "bn.weight"];

    static Parameter[] InitialParams()
    {
        var shapes = Json.GetProperty("shapes").EnumerateArray().Select(Shape).ToArray();
        var values = Json.GetProperty("params0").EnumerateArray().Select(Floats).ToArray();
        return [.. values.Select((v, i) => new Parameter(tensor(v).reshape(shapes[i])))];
    }

    static Optimizer Build(string name, Parameter[] ps)
    {
        var groups = new[]
        {
            new ParamGroup([ps[0], ps[1]], [Names[0], Names[1]], lr: 0.1, weightDecay: 1e-2),
            new ParamGroup([ps[2]], [Names[2]], lr: 0.05, weightDecay: 0),
        };
        OptimizerOptions options = name switch
        {
            "sgd_momentum" => new SgdOptions { Lr = 0.1, Momentum = 0.9 },
            "sgd_nesterov" => new SgdOptions { Lr = 0.1, Momentum = 0.9, Nesterov = true },
            "sgd_dampening" => new SgdOptions { Lr = 0.1, Momentum = 0.8, Dampening = 0.25 },
            "sgd_plain" => new SgdOptions { Lr = 0.1 },
            "adamw" => new AdamWOptions { Lr = 0.1 },
            "adamw_betas" => new AdamWOptions { Lr = 0.1, Betas = (0.5, 0.9), Eps = 1e-6 },
            "adam" => new AdamOptions { Lr = 0.1 },
            "adam_betas" => new AdamOptions { Lr = 0.1, Betas = (0.5, 0.9), Eps = 1e-6 },
            _ => throw new ArgumentException(name),
        };
        return options.Build(groups);
    }

    // Adam's steps are in adam.json (make_adam_golden.py: torch.optim.Adam on the same parameters, groups and gradients).
    static System.Text.Json.JsonElement OptimizerCase(string name) =>
        (name.StartsWith("adam_", StringComparison.Ordinal) || name == "adam" ? AdamJson : Json).GetProperty("optimizers").EnumerateArray()
            .First(c => c.GetProperty("name").GetString() == name).GetProperty("after");

    static readonly System.Text.Json.JsonElement AdamJson = Golden.Json("engine", "adam.json");

    static void SetGrads(Parameter[] ps, int step)
    {
        var grads = Json.GetProperty("grads")[step].EnumerateArray().Select(Floats).ToArray();
        for (int i = 0; i < ps.Length; i++) ps[i].grad = tensor(grads[i]).reshape(ps[i].shape);
    }

    [Theory]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov")]
    [InlineData("sgd_dampening")]
    [InlineData("sgd_plain")]
    [InlineData("adamw")]
    [InlineData("adamw_betas")]
    [InlineData("adam")]
    [InlineData("adam_betas")]
    public void Steps_match_torch(string name)
    {
        var golden = OptimizerCase(name);
        var ps = InitialParams();
        using var optimizer = Build(name, ps);
        for (int step = 0; step < golden.GetArrayLength(); step++)
        {
            if (step == 3) foreach (var g in optimizer.ParamGroups) g.Lr *= 0.5;
            SetGrads(ps, step);
            optimizer.Step();
            for (int i = 0; i < ps.Length; i++)
                Assert.True(MaxDiff(ps[i], Floats(golden[step][i])) < 2e-6, $"{name} step {step} {Names[i]}: {MaxDiff(ps[i], Floats(golden[step][i]))}");
        }
    }

    [Theory]
    [InlineData("sgd_nesterov")]
    [InlineData("adamw")]
    [InlineData("adam")]
    public void State_dict_round_trip_continues_exactly(string name)
    {
        var golden = OptimizerCase(name);
        var ps = InitialParams();
        using var first = Build(name, ps);
        for (int step = 0; step < 2; step++)
        {
            SetGrads(ps, step);
            first.Step();
        }
        var path = Path.Combine(Path.GetTempPath(), $"detect-optim-{Guid.NewGuid():N}.pth");
        try
        {
            Detect.Checkpoints.TorchCheckpointWriter.Save(path, new Dictionary<string, object?> { ["optimizer"] = first.StateDict() });
            var root = (Detect.Checkpoints.Pickle.PickleDict)Detect.Checkpoints.CheckpointLoader.Read(path).Root!;
            var state = OptimizerState.FromPickle(root["optimizer"], path);
            using var resumed = Build(name, ps);
            resumed.LoadStateDict(state);
            foreach (var t in state.State.Values.SelectMany(s => s.Values)) t.Dispose();
            for (int step = 2; step < golden.GetArrayLength(); step++)
            {
                if (step == 3) foreach (var g in resumed.ParamGroups) g.Lr *= 0.5;
                SetGrads(ps, step);
                resumed.Step();
                for (int i = 0; i < ps.Length; i++) Assert.True(MaxDiff(ps[i], Floats(golden[step][i])) < 2e-6, $"step {step} {Names[i]}");
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Zero_grad_clears_and_step_skips_parameters_without_gradients()
    {
        var ps = InitialParams();
        using var optimizer = Build("sgd_momentum", ps);
        SetGrads(ps, 0);
        optimizer.ZeroGrad();
        Assert.All(ps, p => Assert.Null(p.grad));
        var before = ps[2].detach().clone();
        ps[0].grad = ones_like(ps[0]);
        optimizer.Step();
        Assert.True(ps[2].allclose(before, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_parameter_in_two_groups_is_refused()
    {
        var ps = InitialParams();
        var ex = Assert.Throws<ArgumentException>(() => new Sgd(
            [new ParamGroup([ps[0]], ["a.weight"], 0.1, 0), new ParamGroup([ps[0]], ["b.weight"], 0.1, 0)], new SgdOptions { Lr = 0.1 }));
        Assert.Contains("b.weight", ex.Message);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused() =>
        Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([InitialParams()[0]], ["w"], 0.1, 0)], new SgdOptions { Lr = 0.1, Nesterov = true }));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gradient_clipping_matches_clip_grad_norm(int index)
    {
        var golden = Json.GetProperty("clip")[index];
        var ps = InitialParams();
        SetGrads(ps, 0);
        foreach (var p in ps) p.grad!.mul_(3);
        double normType = golden.GetProperty("norm_type").ValueKind == System.Text.Json.JsonValueKind.String ? double.PositiveInfinity : golden.GetProperty("norm_type").GetDouble();
        double? total = new GradClip(golden.GetProperty("max_norm").GetDouble(), normType).Apply(ps);
        Assert.NotNull(total);
        Assert.Equal(golden.GetProperty("total").GetDouble(), total!.Value, 5);
        for (int i = 0; i < ps.Length; i++) Assert.True(MaxDiff(ps[i].grad!, Floats(golden.GetProperty("grads")[i])) < 1e-6);
    }

    [Fact]
    public void Auto_scale_lr_scales_linearly_by_batch_size()
    {
        var scaled = new AutoScaleLr(enable: true, baseBatchSize: 16).Apply(new SgdOptions { Lr = 0.02, Momentum = 0.9 }, 4);
        Assert.Equal(0.005, scaled.Lr, 15);
        Assert.Equal(0.9, ((SgdOptions)scaled).Momentum);
        Assert.Equal(0.02, new AutoScaleLr(enable: false).Apply(new SgdOptions { Lr = 0.02 }, 4).Lr);
    }
}
