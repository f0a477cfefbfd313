using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's <c>SingleRoIExtractor</c>: pools each RoI from one pyramid level, chosen by its scale (FPN's rule):
/// level = ⌊log2(√(w·h) / finest_scale + 1e−6)⌋ clamped to the levels, so RoIs below 112 pixels (finest scale 56)
/// read the finest level, 112–224 the next, and so on.
/// </summary>
/// <remarks>No parameters. Example: <c>new SingleRoIExtractor(new RoIAlignLayer(7, samplingRatio: 0), outChannels: 256,
/// featmapStrides: [4, 8, 16, 32])</c> is Faster R-CNN's box extractor.</remarks>
/// <param name="roiLayer"><c>roi_layer</c>.</param>
/// <param name="outChannels"><c>out_channels</c>.</param>
/// <param name="featmapStrides"><c>featmap_strides</c>: the strides of the levels it reads (the first ones of the neck's).</param>
/// <param name="finestScale"><c>finest_scale</c>.</param>
public sealed class SingleRoIExtractor(RoIAlignLayer roiLayer, int outChannels, IReadOnlyList<int> featmapStrides, int finestScale = 56)
{
    /// <summary><c>roi_layer</c>.</summary>
    public RoIAlignLayer RoiLayer { get; } = roiLayer;

    /// <summary><c>out_channels</c>.</summary>
    public int OutChannels { get; } = outChannels;

    /// <summary><c>featmap_strides</c>.</summary>
    public IReadOnlyList<int> FeatmapStrides { get; } = featmapStrides.Count > 0
        ? featmapStrides.ToArray()
        : throw new ArgumentException("featmap_strides must name at least one level.", nameof(featmapStrides));

    /// <summary><c>finest_scale</c>.</summary>
    public int FinestScale { get; } = finestScale;

    /// <summary>Number of feature levels read (<c>num_inputs</c>).</summary>
    public int NumInputs => FeatmapStrides.Count;

    /// <summary>MMDetection's <c>map_roi_levels</c>: the level index of each RoI.</summary>
    public Tensor MapRoiLevels(Tensor rois, int numLevels)
    {
        using var scope = NewDisposeScope();
        var scale = ((rois[.., 3] - rois[.., 1]) * (rois[.., 4] - rois[.., 2])).sqrt();
        using var finestScale = FinestScale.ToScalar();
        using var eps = 1e-6.ToScalar();
        using var lastLevel = (numLevels - 1).ToScalar();
        var levels = scale.div(finestScale).add(eps, Scalars.One).log2().floor().clamp(Scalars.Zero, lastLevel).to(ScalarType.Int64);
        return levels.MoveToOuterDisposeScope();
    }

    /// <summary>Pools every RoI (K×5) from its level of <paramref name="feats"/> (the first <see cref="NumInputs"/> are used): K×C×S×S.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> feats, Tensor rois)
    {
        if (feats.Count < NumInputs)
            throw new ArgumentException($"SingleRoIExtractor reads {NumInputs} levels but got {feats.Count}.", nameof(feats));
        using var scope = NewDisposeScope();
        int size = RoiLayer.OutputSize;
        if (NumInputs == 1) return RoiLayer.Apply(feats[0], rois, 1.0 / FeatmapStrides[0]).MoveToOuterDisposeScope();

        var roiFeats = zeros([rois.shape[0], OutChannels, size, size], dtype: feats[0].dtype, device: feats[0].device);
        var levels = MapRoiLevels(rois, NumInputs);
        for (int i = 0; i < NumInputs; i++)
        {
            using var level = i.ToScalar();
            var inds = levels.eq(level).nonzero().squeeze(1);
            if (inds.shape[0] > 0)
                roiFeats = roiFeats.index_copy(0, inds, RoiLayer.Apply(feats[i], rois.index_select(0, inds), 1.0 / FeatmapStrides[i]));
            else if (feats[i].requires_grad)
                roiFeats = roiFeats.add(feats[i].sum().mul(Scalars.Zero), Scalars.One);   // keeps every level in the graph, as MMDetection does
        }
        return roiFeats.MoveToOuterDisposeScope();
    }
}
