using Detect.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// A user-defined backbone without shape rules is measured when the model is built: a mismatch with
/// the neck gets the same DET201 message as a compile-time one, before any detector code runs.
/// </summary>
public sealed class ShapeProbeTests
{
    /// <summary>The attribute a user would write; no shape rule.</summary>
    [Register("TwoLevelNet")]
    public sealed class TwoLevelNetAttribute : BackboneAttribute;

    /// <summary>What the generator would emit for it; Build() makes the module.</summary>
    [ConfiguredBy(typeof(TwoLevelNetAttribute))]
    public sealed record TwoLevelNetConfig : BackboneConfig
    {
        public override string TypeName => "TwoLevelNet";
        public override object Build() => new TwoLevelNet();
    }

    /// <summary>Two levels: 8 channels at stride 4, 16 channels at stride 8.</summary>
    public sealed class TwoLevelNet : nn.Module<Tensor, Tensor[]>
    {
        private readonly nn.Module<Tensor, Tensor> _c1 = nn.Conv2d(3, 8, 3, stride: 4, padding: 1);
        private readonly nn.Module<Tensor, Tensor> _c2 = nn.Conv2d(8, 16, 3, stride: 2, padding: 1);

        public TwoLevelNet() : base(nameof(TwoLevelNet)) => RegisterComponents();

        public override Tensor[] forward(Tensor x)
        {
            var a = _c1.call(x);
            return [a, _c2.call(a)];
        }
    }

    private sealed record UserExperiment(int[] NeckInChannels) : Experiment
    {
        protected override ExperimentConfig CreateConfig() => new()
        {
            Model = new RetinaNetConfig
            {
                Backbone = new TwoLevelNetConfig(),
                Neck = new FpnConfig { InChannels = [.. NeckInChannels], OutChannels = 32, NumOuts = 2 },
            },
        };
    }

    [Fact]
    public void A_backbone_without_rules_is_measured_and_a_mismatch_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => new UserExperiment([8, 32]).BuildModel());
        Assert.Equal("UserExperiment: the config breaks 1 rule(s):\n  DET201: FPN.InChannels [8, 32] (default) do not match " +
            "TwoLevelNet (measured) outputs [8, 16] (measured when the model was built)", error.Message);
    }

    [Fact]
    public void A_matching_neck_passes_the_measurement()
    {
        // With the shapes right the checks pass and building reaches the detector itself.
        var error = Record.Exception(() => new UserExperiment([8, 16]).BuildModel());
        Assert.IsNotType<ConfigurationException>(error);
    }
}
