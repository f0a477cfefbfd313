using Detect.Checkpoints;
using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Detectors;
using Detect.Models.Layers;
using Detect.Models.Zoo;
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

    /// <summary>
    /// Two levels: 8 channels at stride 4, 16 channels at stride 8. A user's backbone derives from
    /// <see cref="Backbone"/> (the detectors take one), but its attribute states no shape rule, so
    /// the config checks can only learn its outputs by measuring them.
    /// </summary>
    public sealed class TwoLevelNet : Backbone
    {
        private readonly nn.Module<Tensor, Tensor> _c1;
        private readonly nn.Module<Tensor, Tensor> _c2;

        public TwoLevelNet() : base(nameof(TwoLevelNet))
        {
            _c1 = Add("c1", nn.Conv2d(3, 8, 3, stride: 4, padding: 1));
            _c2 = Add("c2", nn.Conv2d(8, 16, 3, stride: 2, padding: 1));
        }

        public override IReadOnlyList<ShapeSpec> OutputShapes => [new(8, 4), new(16, 8)];

        public override LoadReport? InitWeights() => null;

        public override Tensor[] forward(Tensor x)
        {
            var a = _c1.call(x);
            return [a, _c2.call(a)];
        }
    }

    /// <summary>
    /// The zoo's RetinaNet with the user's backbone swapped in, a small neck and head: two levels at
    /// strides 4 and 8, three classes.
    /// </summary>
    private sealed record UserExperiment(int[] NeckInChannels) : Experiment
    {
        protected override ExperimentConfig CreateConfig()
        {
            var zoo = (RetinaNetConfig)new RetinaNetR50Fpn1xCoco().Config.Model!;
            var head = (RetinaHeadConfig)zoo.BboxHead!;
            var anchors = (AnchorGeneratorConfig)head.AnchorGenerator!;
            return new()
            {
                Model = zoo with
                {
                    Backbone = new TwoLevelNetConfig(),
                    Neck = new FpnConfig { InChannels = [.. NeckInChannels], OutChannels = 32, NumOuts = 2 },
                    BboxHead = head with { NumClasses = 3, InChannels = 32, FeatChannels = 32, StackedConvs = 1, AnchorGenerator = anchors with { Strides = [4, 8] } },
                },
            };
        }
    }

    [Fact]
    public void A_backbone_without_rules_is_checked_against_the_neck_when_built()
    {
        var error = Assert.Throws<ConfigurationException>(() => new UserExperiment([8, 32]).BuildModel());
        Assert.Equal("UserExperiment: the config breaks 1 rule(s):\n  DET201: FPN.InChannels [8, 32] (default) do not match " +
            "TwoLevelNet (as built) outputs [8, 16] (stated by the built module)", error.Message);
    }

    [Fact]
    public void A_matching_neck_builds_the_detector_and_it_runs()
    {
        using var scope = NewDisposeScope();
        var model = Assert.IsType<RetinaNet>(new UserExperiment([8, 16]).BuildModel());
        model.eval();
        using var noGrad = no_grad();
        var outputs = model.Backbone.call(zeros(1, 3, 64, 64));
        Assert.Equal([[1, 8, 16, 16], [1, 16, 8, 8]], outputs.Select(o => o.shape));
    }
}
