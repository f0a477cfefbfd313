using Detect.Config.Checks;
using Detect.Checkpoints;
using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>ResNet</c> backbone (depth 18/34/50/101/152): a stem (7×7 conv, norm, ReLU, 3×3 max
/// pool, or with <c>deep_stem</c> three 3×3 convs) and up to four stages <c>layer1</c>…<c>layer4</c>.
/// Returns the outputs of the stages in <c>out_indices</c>. State-dict keys are MMDetection's (and, with
/// BatchNorm, torchvision's): <c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, <c>layer1.0.downsample.0</c>...
/// </summary>
/// <remarks>The stem's norm (or the deep stem) is looked up in the registry on every forward, so
/// <see cref="ConvBnFusion"/> can replace it.</remarks>
/// <example><c>new ResNet(depth: 50, outIndices: [1, 2, 3], frozenStages: 1)</c> outputs C3–C5 with
/// channels <c>ResNet.OutputChannels(50, 64, [1, 2, 3])</c> = [512, 1024, 2048] at strides 8, 16, 32.</example>
public class ResNet : Backbone, IReplaceableChildren
{
    readonly int numStages;
    readonly bool hasMaxpool;
    readonly ShapeSpec[] outputShapes;

    // The stem: conv1 + bn1/gn1 + relu (7×7, or RegNet's 3×3), or with deep_stem the Sequential 'stem'.
    string? norm1Name;
    bool deepStem;

    /// <summary>Builds a ResNet; arguments are MMDetection's <c>ResNet</c> arguments in camelCase.</summary>
    /// <param name="depth"><c>depth</c>: 18, 34, 50, 101 or 152.</param>
    /// <param name="inChannels"><c>in_channels</c> of the input image.</param>
    /// <param name="stemChannels"><c>stem_channels</c>; null means <paramref name="baseChannels"/>, as in MMDetection.</param>
    /// <param name="baseChannels"><c>base_channels</c>: stage i has base_channels × 2^i planes.</param>
    /// <param name="numStages"><c>num_stages</c>, 1 to 4.</param>
    /// <param name="strides"><c>strides</c> of each stage's first block; default (1, 2, 2, 2), its first num_stages entries.</param>
    /// <param name="dilations"><c>dilations</c> of each stage; default (1, 1, 1, 1).</param>
    /// <param name="outIndices"><c>out_indices</c>: the stages whose outputs are returned; default (0, 1, 2, 3).</param>
    /// <param name="style"><c>style</c>: pytorch (stride on the 3×3 conv) or caffe (on the first 1×1).</param>
    /// <param name="deepStem"><c>deep_stem</c>: three 3×3 convs (<c>stem.0</c>…) instead of the 7×7 conv.</param>
    /// <param name="avgDown"><c>avg_down</c>: average-pool the shortcut instead of a strided conv.</param>
    /// <param name="frozenStages"><c>frozen_stages</c>: stem and the first N stages get no gradients and stay in eval mode; -1 freezes nothing.</param>
    /// <param name="normCfg"><c>norm_cfg</c>; default <c>dict(type='BN', requires_grad=True)</c>.</param>
    /// <param name="normEval"><c>norm_eval</c>: keep BatchNorm layers in eval mode (frozen statistics) while training.</param>
    /// <param name="zeroInitResidual"><c>zero_init_residual</c>: the random init sets each block's last norm to 0.</param>
    /// <param name="initCfg"><c>init_cfg=dict(type='Pretrained', checkpoint=...)</c>, loaded by <see cref="InitWeights"/>.</param>
    public ResNet(int depth, int inChannels = 3, int? stemChannels = null, int baseChannels = 64, int numStages = 4,
        int[]? strides = null, int[]? dilations = null, int[]? outIndices = null, ResNetStyle style = ResNetStyle.Pytorch,
        bool deepStem = false, bool avgDown = false, int frozenStages = -1, NormConfig? normCfg = null, bool normEval = true,
        bool zeroInitResidual = true, PretrainedInit? initCfg = null)
        : this(nameof(ResNet), Plan(depth, baseChannels, numStages, groups: 1, baseWidth: 4), deepStem ? StemKind.Deep : StemKind.Conv7x7,
            inChannels, stemChannels ?? baseChannels, strides ?? DefaultStrides(numStages), dilations, outIndices, style, avgDown, frozenStages,
            normCfg, normEval, zeroInitResidual, initCfg)
    {
    }

    private protected static int[] DefaultStrides(int numStages) => [.. new[] { 1, 2, 2, 2 }.Take(numStages)];

    private protected ResNet(string name, StagePlan plan, StemKind stem, int inChannels, int stemChannels, int[] strides,
        int[]? dilations, int[]? outIndices, ResNetStyle style, bool avgDown, int frozenStages, NormConfig? normCfg, bool normEval,
        bool zeroInitResidual, PretrainedInit? initCfg)
        : base(name)
    {
        numStages = plan.NumBlocks.Length;
        dilations ??= [.. Enumerable.Repeat(1, numStages)];
        outIndices ??= [.. Enumerable.Range(0, numStages)];
        Validate(numStages, strides, dilations, outIndices, frozenStages);
        NormCfg = normCfg ?? NormConfig.BN;
        OutIndices = outIndices;
        FrozenStages = frozenStages;
        NormEval = normEval;
        ZeroInitResidual = zeroInitResidual;
        InitCfg = initCfg;

        BuildStem(stem, inChannels, stemChannels);
        hasMaxpool = stem != StemKind.Conv3x3;
        if (hasMaxpool) Add("maxpool", nn.MaxPool2d(3, 2, 1));
        int inplanes = stemChannels;
        for (int i = 0; i < numStages; i++)
        {
            Add($"layer{i + 1}", ResLayer.Build(plan.Block, inplanes, plan.Planes[i], plan.NumBlocks[i], strides[i], dilations[i],
                style, avgDown, NormCfg, plan.Groups[i], plan.BaseWidths[i], plan.BaseChannels[i], plan.Expansion));
            inplanes = plan.StageChannels[i];
        }
        outputShapes = ShapeSpec.Zip(Pick(plan.StageChannels, outIndices), Pick(CumulativeStrides(stem == StemKind.Conv3x3 ? 2 : 4, strides), outIndices));

        RandomInit();
        FreezeStages();
    }

    /// <summary>The <c>norm_cfg</c> in use.</summary>
    public NormConfig NormCfg { get; }

    /// <summary><c>out_indices</c>.</summary>
    public IReadOnlyList<int> OutIndices { get; }

    /// <summary><c>frozen_stages</c>.</summary>
    public int FrozenStages { get; }

    /// <summary><c>norm_eval</c>.</summary>
    public bool NormEval { get; }

    /// <summary><c>zero_init_residual</c>.</summary>
    public bool ZeroInitResidual { get; }

    /// <summary>The Pretrained <c>init_cfg</c>, or null.</summary>
    public override PretrainedInit? InitCfg { get; }

    /// <summary>The stages <c>layer1</c>…, in order.</summary>
    public IReadOnlyList<Sequential> Layers => [.. Enumerable.Range(1, numStages).Select(i => Child<Sequential>($"layer{i}"))];

    /// <inheritdoc/>
    public override IReadOnlyList<ShapeSpec> OutputShapes => outputShapes;

    /// <summary>Output channels of a ResNet's stages in <paramref name="outIndices"/>: base_channels × 2^i × expansion (4 for depth ≥ 50).</summary>
    /// <exception cref="ArgumentException">An unknown depth.</exception>
    public static int[] OutputChannels(int depth, int baseChannels = 64, IReadOnlyList<int>? outIndices = null)
    {
        var plan = Plan(depth, baseChannels, 4, 1, 4);
        return Pick(plan.StageChannels, outIndices ?? [0, 1, 2, 3]);
    }

    /// <summary>Output strides of the stages in <paramref name="outIndices"/>: 4 (stem and max pool) times the stage strides so far.</summary>
    public static int[] OutputStrides(IReadOnlyList<int>? strides = null, IReadOnlyList<int>? outIndices = null)
    {
        strides ??= [1, 2, 2, 2];
        return Pick(CumulativeStrides(4, strides), outIndices ?? [.. Enumerable.Range(0, strides.Count)]);
    }

    /// <inheritdoc/>
    public override Tensor[] forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = StemForward(x);
        if (hasMaxpool) x = Child<nn.Module<Tensor, Tensor>>("maxpool").call(x);
        var outs = new List<Tensor>();
        for (int i = 0; i < numStages; i++)
        {
            x = Child<Sequential>($"layer{i + 1}").call(x);
            if (OutIndices.Contains(i)) outs.Add(x);
        }
        foreach (var o in outs) o.MoveToOuterDisposeScope();
        return [.. outs];
    }

    /// <summary>MMDetection's <c>train(mode)</c>: frozen stages stay in eval mode, and with <c>norm_eval</c> every BatchNorm too.</summary>
    public override void train(bool train = true)
    {
        base.train(train);
        FreezeStages();
        if (train && NormEval)
            foreach (var m in modules().Where(NormLayers.IsBatchNorm)) m.eval();
    }

    /// <inheritdoc/>
    public override LoadReport? InitWeights()
    {
        RandomInit();
        var report = InitCfg?.Apply(this);
        IsInit = true;
        return report;
    }

    // MMDetection's default init_cfg: Kaiming for convs, 1 for norms; zero_init_residual zeroes each block's last norm.
    void RandomInit()
    {
        foreach (var m in modules())
        {
            if (m is Conv2d) WeightInit.KaimingInit(m);
            else if (m is BatchNorm or GroupNorm or FrozenBatchNorm2d) WeightInit.ConstantInit(m, 1);
        }
        if (ZeroInitResidual)
            foreach (var block in modules().OfType<ResidualBlock>()) WeightInit.ConstantInit(block.LastNorm, 0);
    }

    void FreezeStages()
    {
        if (FrozenStages < 0) return;
        var frozen = StemModules().Concat(Layers.Take(FrozenStages));
        foreach (var m in frozen)
        {
            m.eval();
            foreach (var p in m.parameters()) p.requires_grad = false;
        }
    }

    void BuildStem(StemKind kind, int inChannels, int stemChannels)
    {
        if (kind == StemKind.Deep)
        {
            int half = stemChannels / 2;
            var parts = new List<nn.Module<Tensor, Tensor>>();
            foreach (var (cin, cout, stride) in new[] { (inChannels, half, 2), (half, half, 1), (half, stemChannels, 1) })
            {
                parts.Add(nn.Conv2d(cin, cout, 3, stride, 1, bias: false));
                parts.Add(NormLayers.Build(NormCfg, cout).Layer);
                parts.Add(nn.ReLU());
            }
            Add("stem", nn.Sequential(parts.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m))));
            deepStem = true;
            return;
        }
        bool regnet = kind == StemKind.Conv3x3;
        Add("conv1", nn.Conv2d(inChannels, stemChannels, regnet ? 3 : 7, 2, regnet ? 1 : 3, bias: false));
        (norm1Name, var norm) = NormLayers.Build(NormCfg, stemChannels, "1");
        Add(norm1Name, norm);
        Add("relu", nn.ReLU(inplace: true));
    }

    Tensor StemForward(Tensor x) => deepStem
        ? Child<Sequential>("stem").call(x)
        : Child<ReLU>("relu").call(Child<nn.Module<Tensor, Tensor>>(norm1Name!).call(Child<Conv2d>("conv1").call(x)));

    IEnumerable<nn.Module> StemModules() => deepStem ? [Child<Sequential>("stem")] : [Child<Conv2d>("conv1"), Child<nn.Module>(norm1Name!)];

    /// <inheritdoc/>
    public void ReplaceChild(string childName, nn.Module module) => ReplaceRegisteredChild(childName, module);

    // ---- shape rules ----

    private protected static StagePlan Plan(int depth, int baseChannels, int numStages, int groups, int baseWidth)
    {
        if (!ShapeMath.ResNetArchs.TryGetValue(depth, out var arch))
            throw new ArgumentException($"invalid depth {depth} for ResNet; expected one of {string.Join(", ", ShapeMath.ResNetArchs.Keys)}", nameof(depth));
        if (numStages is < 1 or > 4) throw new ArgumentException($"num_stages = {numStages} must be between 1 and 4", nameof(numStages));
        var block = arch.Bottleneck ? BlockType.Bottleneck : BlockType.Basic;
        int expansion = ShapeMath.ResNetExpansion(depth)!.Value;
        int[] planes = [.. Enumerable.Range(0, numStages).Select(i => baseChannels << i)];
        return new StagePlan(block, expansion, arch.StageBlocks[..numStages], planes,
            [.. Enumerable.Repeat(groups, numStages)], [.. Enumerable.Repeat(baseWidth, numStages)], [.. Enumerable.Repeat(baseChannels, numStages)]);
    }

    private protected static int[] CumulativeStrides(int stemStride, IReadOnlyList<int> strides)
    {
        var result = new int[strides.Count];
        int s = stemStride;
        for (int i = 0; i < strides.Count; i++) result[i] = s *= strides[i];
        return result;
    }

    // Outputs come in stage order whatever the order of out_indices, as in MMDetection's forward.
    private protected static int[] Pick(IReadOnlyList<int> values, IReadOnlyList<int> indices) => [.. indices.Distinct().Order().Select(i => values[i])];

    static void Validate(int numStages, int[] strides, int[] dilations, int[] outIndices, int frozenStages)
    {
        if (strides.Length != numStages || dilations.Length != numStages)
            throw new ArgumentException($"strides ({strides.Length}) and dilations ({dilations.Length}) must have num_stages = {numStages} entries");
        if (outIndices.Length == 0 || outIndices.Any(i => i < 0 || i >= numStages))
            throw new ArgumentException($"out_indices [{string.Join(", ", outIndices)}] must be stage indices below num_stages = {numStages}", nameof(outIndices));
        if (frozenStages > numStages)
            throw new ArgumentException($"frozen_stages = {frozenStages} exceeds num_stages = {numStages}", nameof(frozenStages));
    }
}

/// <summary>How a ResNet-family backbone starts.</summary>
internal enum StemKind
{
    /// <summary>7×7 stride-2 conv1 + norm1 + ReLU, then max pool (ResNet, ResNeXt).</summary>
    Conv7x7,

    /// <summary>Three 3×3 convs in <c>stem</c>, then max pool (<c>deep_stem</c>).</summary>
    Deep,

    /// <summary>3×3 stride-2 conv1 + norm1 + ReLU, no pool (RegNet).</summary>
    Conv3x3,
}

/// <summary>Per-stage widths and depths of a ResNet-family backbone: what depth / arch tables expand to.</summary>
internal sealed record StagePlan(BlockType Block, int Expansion, int[] NumBlocks, int[] Planes, int[] Groups, int[] BaseWidths, int[] BaseChannels)
{
    public int[] StageChannels => [.. Planes.Select(p => p * Expansion)];
}
