using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>Helpers shared by the prior generators: level checks, shifted anchor grids and valid flags of padded feature maps.</summary>
internal static class PriorGrid
{
    public static void CheckLevels(int expected, int actual, string name)
    {
        if (expected != actual)
            throw new ArgumentException($"{name} has {actual} levels, but the prior generator has {expected}.", name);
    }

    /// <summary>
    /// Valid flags of every level: MMDetection's <c>valid_flags</c>. The valid part of a level is
    /// min(ceil(pad / stride), feature size) cells along each axis.
    /// </summary>
    public static Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape,
                                      IReadOnlyList<Stride> strides, IReadOnlyList<int> numBasePriors, Device? device)
    {
        CheckLevels(strides.Count, featmapSizes.Count, nameof(featmapSizes));
        var flags = new Tensor[strides.Count];
        for (int level = 0; level < strides.Count; level++)
        {
            var (height, width) = featmapSizes[level];
            int validH = Math.Min((int)Math.Ceiling(padShape.Height / (double)strides[level].H), height);
            int validW = Math.Min((int)Math.Ceiling(padShape.Width / (double)strides[level].W), width);
            flags[level] = SingleLevelValidFlags((height, width), (validH, validW), numBasePriors[level], device);
        }
        return flags;
    }

    /// <summary>(H·W·A) flags: cell (y, x) is valid when y &lt; validH and x &lt; validW, repeated for its A priors.</summary>
    public static Tensor SingleLevelValidFlags((int Height, int Width) featmapSize, (int Height, int Width) validSize,
                                               int numBasePriors, Device? device)
    {
        if (validSize.Height > featmapSize.Height || validSize.Width > featmapSize.Width)
            throw new ArgumentException($"Valid size {validSize} exceeds the feature map size {featmapSize}.", nameof(validSize));
        using var scope = NewDisposeScope();
        using var validW = validSize.Width.ToScalar();
        using var validH = validSize.Height.ToScalar();
        var validX = Ranges.Arange(featmapSize.Width, device: device).lt(validW);
        var validY = Ranges.Arange(featmapSize.Height, device: device).lt(validH);
        var valid = validY.unsqueeze(1).logical_and(validX.unsqueeze(0)).reshape(-1);
        return valid.unsqueeze(1).expand(-1, numBasePriors).reshape(-1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A level's anchors (MMDetection's <c>single_level_grid_priors</c>): the A base anchors of cell 0 shifted by (x·sw, y·sh)
    /// to every cell, row-major, as (H·W·A)×4 — the A anchors of cell 0, then of cell 1, …
    /// </summary>
    public static Tensor ShiftedAnchors(Tensor baseAnchors, (int Height, int Width) featmapSize, Stride stride, ScalarType dtype, Device? device)
    {
        using var scope = NewDisposeScope();
        using var strideW = stride.W.ToScalar();
        using var strideH = stride.H.ToScalar();
        var shiftX = Ranges.Arange(featmapSize.Width, device: device).to(dtype).mul(strideW);
        var shiftY = Ranges.Arange(featmapSize.Height, device: device).to(dtype).mul(strideH);
        var (xx, yy) = Mesh(shiftX, shiftY);
        var shifts = stack([xx, yy, xx, yy], -1);
        // (1, A, 4) + (K, 1, 4)
        var anchors = baseAnchors.to(dtype).unsqueeze(0).add(shifts.unsqueeze(1), Scalars.One);
        return anchors.view(-1, 4).MoveToOuterDisposeScope();
    }

    /// <summary>Cell offsets of a level, row-major: x repeats fastest (MMDetection's <c>_meshgrid</c>).</summary>
    public static (Tensor X, Tensor Y) Mesh(Tensor x, Tensor y) =>
        (x.repeat(y.shape[0]), y.view(-1, 1).repeat(1, x.shape[0]).view(-1));
}
