using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>MMCV's <c>build_norm_layer</c>: a norm layer and the name it is registered under.</summary>
public static class NormLayers
{
    /// <summary>Builds the layer <paramref name="cfg"/> describes for <paramref name="numFeatures"/> channels.</summary>
    /// <param name="cfg">The norm config.</param>
    /// <param name="numFeatures">Channels to normalize.</param>
    /// <param name="postfix">Appended to the abbreviation: <c>bn1</c>, <c>gn</c>...</param>
    /// <returns>The name (<c>bn</c>/<c>gn</c> + postfix) and the layer, its parameters' requires_grad set from the config.</returns>
    /// <exception cref="ArgumentException">GN without a valid number of groups for the channels.</exception>
    public static (string Name, nn.Module<Tensor, Tensor> Layer) Build(NormConfig cfg, long numFeatures, string postfix = "")
    {
        nn.Module<Tensor, Tensor> layer = cfg.Type switch
        {
            NormType.BN => new BatchNorm2d(numFeatures, cfg.Eps, cfg.Momentum),
            NormType.SyncBN => new SyncBatchNorm2d(numFeatures, cfg.Eps, cfg.Momentum),
            NormType.GN => cfg.NumGroups > 0 && numFeatures % cfg.NumGroups == 0
                ? GroupNorm(cfg.NumGroups, numFeatures, cfg.Eps)
                : throw new ArgumentException($"norm_cfg GN: num_groups = {cfg.NumGroups} must be positive and divide the {numFeatures} channels"),
            NormType.FrozenBN => new FrozenBatchNorm2d(numFeatures, cfg.Eps),
            _ => throw new ArgumentOutOfRangeException(nameof(cfg), cfg.Type, "unknown norm type"),
        };
        foreach (var p in layer.parameters()) p.requires_grad = cfg.RequiresGrad;
        return (cfg.Abbreviation + postfix, layer);
    }

    // TorchSharp 0.107's GroupNorm leaves weight and bias as uninitialised memory (seen: -4e9 and NaN); PyTorch's are ones and zeros.
    static nn.Module<Tensor, Tensor> GroupNorm(int numGroups, long numFeatures, double eps)
    {
        var norm = nn.GroupNorm(numGroups, numFeatures, eps);
        WeightInit.ConstantInit(norm, 1);
        return norm;
    }

    /// <summary>Whether <paramref name="module"/> is a BatchNorm layer (what <c>norm_eval</c> puts in eval mode).</summary>
    public static bool IsBatchNorm(nn.Module module) => module is TorchSharp.Modules.BatchNorm;
}
