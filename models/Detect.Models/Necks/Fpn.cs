using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Necks;

/// <summary>Where MMDetection's FPN takes the input of its extra (stride-2 conv) levels: <c>add_extra_convs</c>.</summary>
public enum ExtraConvs
{
    /// <summary><c>False</c>: extra levels are max-pooled (kernel 1, stride 2) from the last output (Faster/Mask R-CNN).</summary>
    None,

    /// <summary><c>'on_input'</c> (and <c>True</c>): the first extra conv reads the last backbone level used (RetinaNet).</summary>
    OnInput,

    /// <summary><c>'on_lateral'</c>: it reads the last lateral.</summary>
    OnLateral,

    /// <summary><c>'on_output'</c>: it reads the last FPN output (FCOS; torchvision's RetinaNet P6).</summary>
    OnOutput,
}

/// <summary>
/// MMDetection's <c>FPN</c> neck (Feature Pyramid Networks): 1×1 lateral convs on backbone levels
/// <c>start_level</c>…<c>end_level</c>, a top-down path adding nearest-upsampled coarser laterals, 3×3 output
/// convs, then extra levels up to <c>num_outs</c>. Keys: <c>lateral_convs.i.conv</c>, <c>fpn_convs.i.conv</c>
/// (extra convs continue the <c>fpn_convs</c> numbering), plus <c>.bn</c>/<c>.gn</c> with a norm.
/// </summary>
/// <example><c>new Fpn(inChannels: [256, 512, 1024, 2048], outChannels: 256, numOuts: 5)</c> is the FPN of
/// Faster R-CNN R50-FPN: P2–P6 at strides 4–64, P6 by max pooling.</example>
public sealed class Fpn : DetectModule<Tensor[], Tensor[]>
{
    readonly ModuleList<ConvModule> lateralConvs = new();
    readonly ModuleList<ConvModule> fpnConvs = new();
    readonly int backboneEndLevel;

    /// <summary>Builds the neck; arguments are MMDetection's <c>FPN</c> arguments in camelCase.</summary>
    /// <param name="inChannels"><c>in_channels</c>: channels of every backbone level passed in.</param>
    /// <param name="outChannels"><c>out_channels</c> of every output level.</param>
    /// <param name="numOuts"><c>num_outs</c>: number of output levels.</param>
    /// <param name="startLevel"><c>start_level</c>: first input level used.</param>
    /// <param name="endLevel"><c>end_level</c>: last input level used (inclusive); -1 for the last. Below the last, no extra levels are allowed.</param>
    /// <param name="addExtraConvs"><c>add_extra_convs</c>.</param>
    /// <param name="reluBeforeExtraConvs"><c>relu_before_extra_convs</c>: ReLU the input of every extra conv after the first.</param>
    /// <param name="noNormOnLateral"><c>no_norm_on_lateral</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c>; null for none.</param>
    /// <param name="actCfg"><c>act_cfg</c>; null is FPN's default, None (no activation).</param>
    public Fpn(int[] inChannels, int outChannels, int numOuts, int startLevel = 0, int endLevel = -1,
        ExtraConvs addExtraConvs = ExtraConvs.None, bool reluBeforeExtraConvs = false, bool noNormOnLateral = false,
        NormConfig? normCfg = null, ActConfig? actCfg = null)
        : base(nameof(Fpn))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        NumOuts = numOuts;
        StartLevel = startLevel;
        AddExtraConvs = addExtraConvs;
        ReluBeforeExtraConvs = reluBeforeExtraConvs;
        backboneEndLevel = BackboneEndLevel(inChannels.Length, numOuts, startLevel, endLevel);
        var act = actCfg ?? ActConfig.None;

        for (int i = startLevel; i < backboneEndLevel; i++)
        {
            lateralConvs.Add(new ConvModule(inChannels[i], outChannels, 1, normCfg: noNormOnLateral ? null : normCfg, actCfg: act, inplace: false));
            fpnConvs.Add(new ConvModule(outChannels, outChannels, 3, padding: 1, normCfg: normCfg, actCfg: act, inplace: false));
        }
        int extraLevels = numOuts - backboneEndLevel + startLevel;
        if (addExtraConvs != ExtraConvs.None)
        {
            for (int i = 0; i < extraLevels; i++)
            {
                int channels = i == 0 && addExtraConvs == ExtraConvs.OnInput ? inChannels[backboneEndLevel - 1] : outChannels;
                fpnConvs.Add(new ConvModule(channels, outChannels, 3, stride: 2, padding: 1, normCfg: normCfg, actCfg: act, inplace: false));
            }
        }
        Add("lateral_convs", lateralConvs);
        Add("fpn_convs", fpnConvs);
        InitWeights();
    }

    /// <summary><c>in_channels</c>.</summary>
    public IReadOnlyList<int> InChannels { get; }

    /// <summary><c>out_channels</c>.</summary>
    public int OutChannels { get; }

    /// <summary><c>num_outs</c>.</summary>
    public int NumOuts { get; }

    /// <summary><c>start_level</c>.</summary>
    public int StartLevel { get; }

    /// <summary><c>add_extra_convs</c>.</summary>
    public ExtraConvs AddExtraConvs { get; }

    /// <summary><c>relu_before_extra_convs</c>.</summary>
    public bool ReluBeforeExtraConvs { get; }

    /// <summary>
    /// Output shapes for inputs of the given strides: the used levels keep their strides, each extra level
    /// doubles the last (FPN's shape rule, for configs to check before building).
    /// </summary>
    /// <param name="inStrides">Strides of all input levels (e.g. a backbone's output strides).</param>
    /// <param name="outChannels"><c>out_channels</c>.</param>
    /// <param name="numOuts"><c>num_outs</c>.</param>
    /// <param name="startLevel"><c>start_level</c>.</param>
    /// <param name="endLevel"><c>end_level</c>.</param>
    public static ShapeSpec[] OutputShapes(IReadOnlyList<int> inStrides, int outChannels, int numOuts, int startLevel = 0, int endLevel = -1)
    {
        int end = BackboneEndLevel(inStrides.Count, numOuts, startLevel, endLevel);
        var strides = inStrides.Skip(startLevel).Take(end - startLevel).ToList();
        while (strides.Count < numOuts) strides.Add(strides[^1] * 2);
        return [.. strides.Select(s => new ShapeSpec(outChannels, s))];
    }

    /// <summary>MMDetection's FPN initialization: Xavier uniform on every conv, bias 0.</summary>
    public void InitWeights()
    {
        foreach (var conv in modules().OfType<Conv2d>()) WeightInit.XavierInit(conv, distribution: Distribution.Uniform);
    }

    /// <inheritdoc/>
    public override Tensor[] forward(Tensor[] inputs)
    {
        if (inputs.Length != InChannels.Count)
            throw new ArgumentException($"FPN got {inputs.Length} feature maps but in_channels has {InChannels.Count} entries", nameof(inputs));
        using var scope = NewDisposeScope();
        var laterals = lateralConvs.Select((conv, i) => conv.call(inputs[i + StartLevel])).ToList();

        // Top-down: add each coarser lateral, upsampled (nearest) to the finer one's size.
        for (int i = laterals.Count - 1; i > 0; i--)
        {
            var size = laterals[i - 1].shape[2..];
            laterals[i - 1] = laterals[i - 1].add(nn.functional.interpolate(laterals[i], size, mode: InterpolationMode.Nearest), Scalars.One);
        }
        var outs = laterals.Select((l, i) => fpnConvs[i].call(l)).ToList();

        if (NumOuts > outs.Count)
        {
            if (AddExtraConvs == ExtraConvs.None)
            {
                while (outs.Count < NumOuts) outs.Add(nn.functional.max_pool2d(outs[^1], [1], [2]));
            }
            else
            {
                var source = AddExtraConvs switch
                {
                    ExtraConvs.OnInput => inputs[backboneEndLevel - 1],
                    ExtraConvs.OnLateral => laterals[^1],
                    _ => outs[^1],
                };
                outs.Add(fpnConvs[laterals.Count].call(source));
                for (int i = laterals.Count + 1; i < NumOuts; i++)
                    outs.Add(fpnConvs[i].call(ReluBeforeExtraConvs ? nn.functional.relu(outs[^1]) : outs[^1]));
            }
        }
        foreach (var o in outs) o.MoveToOuterDisposeScope();
        return [.. outs];
    }

    // MMDetection: end_level -1 (or the last index) uses every level and allows extra outputs; an
    // earlier end_level uses levels up to it and requires num_outs to match exactly.
    static int BackboneEndLevel(int numIns, int numOuts, int startLevel, int endLevel)
    {
        if (startLevel < 0 || startLevel >= numIns)
            throw new ArgumentException($"start_level = {startLevel} must index one of the {numIns} input levels");
        if (endLevel == -1 || endLevel == numIns - 1)
        {
            if (numOuts < numIns - startLevel)
                throw new ArgumentException($"num_outs = {numOuts} must be at least the {numIns - startLevel} levels from start_level = {startLevel}");
            return numIns;
        }
        if (endLevel >= numIns || endLevel < startLevel)
            throw new ArgumentException($"end_level = {endLevel} must lie between start_level = {startLevel} and {numIns - 1}");
        if (numOuts != endLevel - startLevel + 1)
            throw new ArgumentException($"num_outs = {numOuts} must equal end_level - start_level + 1 = {endLevel - startLevel + 1} when end_level is not the last level");
        return endLevel + 1;
    }
}
