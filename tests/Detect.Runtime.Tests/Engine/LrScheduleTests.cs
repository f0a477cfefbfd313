using System.Text.Json;
using Detect.Engine;
using Parameter = TorchSharp.Modules.Parameter;
using static Detect.Runtime.Tests.Engine.EngineGolden;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

public sealed class LrScheduleTests
{
    static LrSchedule FromSpec(JsonElement spec)
    {
        int Int(string key, int fallback) => spec.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;
        double Dbl(string key, double fallback) => spec.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        LrSchedule schedule = spec.GetProperty("type").GetString() switch
        {
            "LinearLR" => new LinearLR { StartFactor = Dbl("start_factor", 1.0 / 3), EndFactor = Dbl("end_factor", 1.0) },
            "ConstantLR" => new ConstantLR { Factor = Dbl("factor", 1.0 / 3) },
            "MultiStepLR" => new MultiStepLR { Milestones = spec.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt32()).ToList(), Gamma = Dbl("gamma", 0.1) },
            "CosineAnnealingLR" => new CosineAnnealingLR { TMax = spec.TryGetProperty("T_max", out var t) ? t.GetInt32() : null, EtaMin = Dbl("eta_min", 0) },
            "PolyLR" => new PolyLR { Power = Dbl("power", 1), EtaMin = Dbl("eta_min", 0) },
            var other => throw new ArgumentException(other),
        };
        return schedule with
        {
            Begin = Int("begin", 0),
            End = Int("end", LrSchedule.Inf),
            ByEpoch = !spec.TryGetProperty("by_epoch", out var b) || b.GetBoolean(),
            ConvertToIterBased = spec.TryGetProperty("convert_to_iter_based", out var c) && c.GetBoolean(),
        };
    }

    [Theory]
    [InlineData("warmup_multistep")]
    [InlineData("constant_warmup")]
    [InlineData("cosine_by_iter_window")]
    [InlineData("cosine_converted")]
    [InlineData("poly")]
    [InlineData("poly_by_epoch")]
    [InlineData("multistep_converted")]
    [InlineData("linear_end_factor")]
    public void Lr_of_every_iteration_matches_MMEngine(string name)
    {
        var golden = Case("schedules", name);
        int epochLength = golden.GetProperty("epoch_length").GetInt32(), maxEpochs = golden.GetProperty("max_epochs").GetInt32();
        var baseLrs = Doubles(golden.GetProperty("base_lrs"));
        var ps = baseLrs.Select(_ => new Parameter(zeros(1))).ToArray();
        using var optimizer = new Sgd([.. baseLrs.Select((lr, i) => new ParamGroup([ps[i]], [$"p{i}"], lr, 0))], new SgdOptions { Lr = baseLrs[0], Momentum = 0.9 });
        var schedulers = golden.GetProperty("specs").EnumerateArray().Select(s => new ParamScheduler(FromSpec(s).Resolve(epochLength), optimizer)).ToList();
        var expected = golden.GetProperty("lrs");
        int iter = 0;
        for (int epoch = 0; epoch < maxEpochs; epoch++)
        {
            for (int i = 0; i < epochLength; i++, iter++)
            {
                var want = Doubles(expected[iter]);
                for (int g = 0; g < want.Length; g++)
                    Assert.True(Math.Abs(optimizer.ParamGroups[g].Lr - want[g]) <= 1e-12 * Math.Max(1, Math.Abs(want[g])),
                        $"{name} iteration {iter} group {g}: {optimizer.ParamGroups[g].Lr} vs {want[g]}");
                foreach (var s in schedulers.Where(s => !s.ByEpoch)) s.Step();
            }
            foreach (var s in schedulers.Where(s => s.ByEpoch)) s.Step();
        }
    }

    [Fact]
    public void Conversion_to_iterations_scales_begin_end_milestones_and_t_max()
    {
        var multi = (MultiStepLR)new MultiStepLR { Milestones = [8, 11], Begin = 1, End = 12, ConvertToIterBased = true }.Resolve(100);
        Assert.Equal([800, 1100], multi.Milestones);
        Assert.Equal((100, 1200, false), (multi.Begin, multi.End, multi.ByEpoch));
        var cosine = (CosineAnnealingLR)new CosineAnnealingLR { TMax = 3 }.ToIterBased(10);
        Assert.Equal((30, LrSchedule.Inf), (cosine.TMax!.Value, cosine.End));
        Assert.Throws<InvalidOperationException>(() => new LinearLR { ByEpoch = false }.ToIterBased(10));
        Assert.Throws<InvalidOperationException>(() => new LinearLR { ConvertToIterBased = true }.Resolve(null));
    }

    [Fact]
    public void A_window_that_ends_before_it_begins_is_refused()
    {
        using var optimizer = new Sgd([new ParamGroup([new Parameter(zeros(1))], ["p"], 0.1, 0)], new SgdOptions { Lr = 0.1 });
        var ex = Assert.Throws<ArgumentException>(() => new ParamScheduler(new LinearLR { Begin = 5, End = 5 }, optimizer));
        Assert.Contains("begin=5, end=5", ex.Message);
    }
}
