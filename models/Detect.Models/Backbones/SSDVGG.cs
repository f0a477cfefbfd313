using Detect.Checkpoints;
using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>SSDVGG</c> (SSD: Single Shot MultiBox Detector): VGG's <c>features</c> without the last pool, then
/// pool5 (3×3, stride 1, padding 1), conv6 (3×3, dilation 6, padding 6) and conv7 (1×1), each followed by a ReLU. Returns the
/// ReLU outputs at <c>out_feature_indices</c> (VGG-16: 22, after conv4_3, and 34, after conv7). State-dict keys are MMDetection's
/// (<c>features.0.weight</c> … <c>features.28</c>, <c>features.31</c> conv6, <c>features.33</c> conv7).
/// </summary>
/// <remarks>
/// <para>Pools 1–4 are 2×2, stride 2, with <c>ceil_mode</c> (MMCV's VGG sets it on every pool; torchvision's SSD only on pool3:
/// at SSD's 300×300 input the others see even sizes, so the two agree: 300 → 150 → 75 → 38 → 19).</para>
/// <para><c>baseChannels</c> and <c>fcChannels</c> are Detect's additions (MMDetection's VGG is
/// 64 … 512 and 1024): narrower models of the same structure, for parity fixtures.</para>
/// </remarks>
public sealed class SSDVGG : Backbone
{
    static readonly Dictionary<int, int[]> StageBlocks = new() { [11] = [1, 1, 2, 2, 2], [13] = [2, 2, 2, 2, 2], [16] = [2, 2, 3, 3, 3], [19] = [2, 2, 4, 4, 4] };

    readonly ModuleList<nn.Module<Tensor, Tensor>> features = new();
    readonly int[] outFeatureIndices;
    readonly ShapeSpec[] outputShapes;

    /// <summary>Builds the backbone; arguments are MMDetection's in camelCase.</summary>
    /// <param name="depth"><c>depth</c>: 11, 13, 16 or 19.</param>
    /// <param name="withLastPool"><c>with_last_pool</c>: keep VGG's pool5 (2×2) before SSD's own; MMDetection's SSD: false.</param>
    /// <param name="ceilMode"><c>ceil_mode</c> of VGG's pools.</param>
    /// <param name="outFeatureIndices"><c>out_feature_indices</c>: indices into <c>features</c> whose outputs are returned; default (22, 34).</param>
    /// <param name="baseChannels">Width of VGG's first stage (64); stage i has base · 2^min(i, 3) channels.</param>
    /// <param name="fcChannels">Channels of conv6 and conv7 (1024).</param>
    /// <param name="initCfg"><c>init_cfg=dict(type='Pretrained', checkpoint=...)</c>.</param>
    public SSDVGG(int depth = 16, bool withLastPool = false, bool ceilMode = true, int[]? outFeatureIndices = null, int baseChannels = 64,
        int fcChannels = 1024, PretrainedInit? initCfg = null)
        : base(nameof(SSDVGG))
    {
        if (!StageBlocks.TryGetValue(depth, out var blocks))
            throw new ArgumentException($"SSDVGG depth {depth} is not one of 11, 13, 16, 19.", nameof(depth));
        ArgumentOutOfRangeException.ThrowIfLessThan(baseChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fcChannels, 1);
        Depth = depth;
        InitCfg = initCfg;
        var channels = new List<int>(); // output channels and nominal stride after each features entry
        var strides = new List<int>();
        int inChannels = 3, stride = 1;
        void Append(nn.Module<Tensor, Tensor> module, int outChannels, int strideFactor = 1)
        {
            features.Add(module);
            channels.Add(outChannels);
            strides.Add(stride *= strideFactor);
        }
        for (int stage = 0; stage < 5; stage++)
        {
            int width = baseChannels << Math.Min(stage, 3);
            for (int b = 0; b < blocks[stage]; b++)
            {
                Append(nn.Conv2d(inChannels, width, 3, padding: 1), width);
                Append(nn.ReLU(), width);
                inChannels = width;
            }
            if (stage < 4 || withLastPool) Append(nn.MaxPool2d(2, 2, ceil_mode: ceilMode), width, strideFactor: 2);
        }
        Append(nn.MaxPool2d(3, 1, 1), inChannels);
        Append(nn.Conv2d(inChannels, fcChannels, 3, padding: 6, dilation: 6), fcChannels);
        Append(nn.ReLU(), fcChannels);
        Append(nn.Conv2d(fcChannels, fcChannels, 1), fcChannels);
        Append(nn.ReLU(), fcChannels);
        Add("features", features);

        this.outFeatureIndices = outFeatureIndices ?? [22, 34];
        foreach (int i in this.outFeatureIndices)
            if (i < 0 || i >= features.Count)
                throw new ArgumentOutOfRangeException(nameof(outFeatureIndices), i, $"SSDVGG-{depth} has features 0 … {features.Count - 1}.");
        outputShapes = [.. this.outFeatureIndices.Select(i => new ShapeSpec(channels[i], strides[i]))];
        RandomInit();
    }

    /// <summary><c>depth</c>.</summary>
    public int Depth { get; }

    /// <summary>The <c>features</c> entries whose outputs are the backbone's outputs (<c>out_feature_indices</c>).</summary>
    public IReadOnlyList<int> OutFeatureIndices => outFeatureIndices;

    /// <inheritdoc/>
    public override PretrainedInit? InitCfg { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<ShapeSpec> OutputShapes => outputShapes;

    /// <inheritdoc/>
    public override LoadReport? InitWeights()
    {
        RandomInit();
        var report = InitCfg?.Apply(this);
        IsInit = true;
        return report;
    }

    // MMDetection's SSDVGG init_cfg: Kaiming for convs (the converted or pretrained weights replace it).
    void RandomInit()
    {
        foreach (var conv in features.OfType<Conv2d>()) WeightInit.KaimingInit(conv);
    }

    /// <inheritdoc/>
    public override Tensor[] forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var outs = new List<Tensor>(outFeatureIndices.Length);
        for (int i = 0; i < features.Count; i++)
        {
            x = features[i].call(x);
            if (outFeatureIndices.Contains(i)) outs.Add(x);
        }
        return [.. outs.Select(o => o.MoveToOuterDisposeScope())];
    }
}
