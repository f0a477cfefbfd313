using Detect.Engine;
using TorchSharp;
using TorchSharp.Modules;
using ParamGroup = Detect.Engine.ParamGroup;
using static Detect.Runtime.Tests.Engine.EngineGolden;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

public sealed class ParamGroupsTests
{
    // The module of make_engine_goldens.py's paramwise cases, with the same parameter names.
    sealed class Tiny : nn.Module
    {
#pragma warning disable IDE0052, CS0414 // registered by name through RegisterComponents
        readonly Sequential backbone = nn.Sequential(("0", nn.Conv2d(3, 4, 3)), ("1", nn.BatchNorm2d(4)), ("2", nn.Conv2d(4, 4, 3, groups: 4)));
        readonly GroupNorm neck = nn.GroupNorm(2, 4);
        readonly Linear head = nn.Linear(4, 2);
        readonly LayerNorm head_norm = nn.LayerNorm(2);
#pragma warning restore IDE0052, CS0414

        public Tiny() : base(nameof(Tiny)) => RegisterComponents();
    }

    static ParamwiseOptions? Options(string name) => name switch
    {
        "none_set" => new ParamwiseOptions(),
        "mmdet_no_decay" => new ParamwiseOptions { NormDecayMult = 0, BiasDecayMult = 0 },
        "bias_lr" => new ParamwiseOptions { BiasLrMult = 2, BiasDecayMult = 0.5, NormDecayMult = 0 },
        "custom_keys" => new ParamwiseOptions
        {
            NormDecayMult = 0,
            CustomKeys = new Dictionary<string, CustomKeyOptions>
            {
                ["backbone"] = new(LrMult: 0.1), ["backbone.0"] = new(LrMult: 0.5, DecayMult: 0), ["head"] = new(DecayMult: 2),
            },
        },
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("none_set")]
    [InlineData("mmdet_no_decay")]
    [InlineData("bias_lr")]
    [InlineData("custom_keys")]
    public void Lr_and_decay_per_parameter_match_MMEngine(string name)
    {
        var golden = Case("paramwise", name);
        using var model = new Tiny();
        var groups = ParamGroups.Build(model, golden.GetProperty("lr").GetDouble(), golden.GetProperty("weight_decay").GetDouble(), Options(name));
        var actual = groups.SelectMany(g => g.Names.Select(n => (n, g.Lr, g.WeightDecay))).ToDictionary(e => e.n, e => (e.Lr, e.WeightDecay));
        var expected = golden.GetProperty("params").EnumerateArray().ToList();
        Assert.Equal(expected.Select(p => p.GetProperty("name").GetString()!).Order(), actual.Keys.Order());
        foreach (var p in expected)
        {
            var (lr, decay) = actual[p.GetProperty("name").GetString()!];
            Assert.Equal(p.GetProperty("lr").GetDouble(), lr, 15);
            Assert.Equal(p.GetProperty("weight_decay").GetDouble(), decay, 15);
        }
    }

    [Fact]
    public void Equal_settings_share_a_group_and_frozen_parameters_are_left_out()
    {
        using var model = new Tiny();
        foreach (var (n, p) in model.named_parameters()) if (n.StartsWith("backbone.0", StringComparison.Ordinal)) p.requires_grad = false;
        var groups = ParamGroups.Build(model, 0.01, 1e-4, new ParamwiseOptions { NormDecayMult = 0, BiasDecayMult = 0 });
        Assert.Equal(2, groups.Count);
        Assert.Equal(["backbone.2.weight", "head.weight"], groups.Single(g => g.WeightDecay == 1e-4).Names);
        Assert.DoesNotContain(groups.SelectMany(g => g.Names), n => n.StartsWith("backbone.0", StringComparison.Ordinal));
        Assert.Single(ParamGroups.Build(model, 0.01, 1e-4));
    }
}
