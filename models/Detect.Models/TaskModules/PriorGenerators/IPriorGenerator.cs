using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// Generates the priors (anchors or points) of a dense head for every level of a feature pyramid,
/// as MMDetection's prior generators do (<c>grid_priors</c>, <c>sparse_priors</c>, <c>valid_flags</c>).
/// </summary>
/// <remarks>
/// Feature-map and image sizes are (height, width). Priors of one level are ordered by feature-map
/// row, then column, then base prior: row <c>(y·W + x)·A + a</c> of a level's tensor is base prior
/// <c>a</c> at cell (y, x) — the order in which heads flatten their A×H×W outputs after permuting
/// to H×W×A.
/// </remarks>
public interface IPriorGenerator
{
    /// <summary>Number of feature levels.</summary>
    int NumLevels { get; }

    /// <summary>Priors per feature-map cell, per level.</summary>
    IReadOnlyList<int> NumBasePriors { get; }

    /// <summary>Stride of each level.</summary>
    IReadOnlyList<Stride> Strides { get; }

    /// <summary>All priors of every level: one tensor per level, (H·W·A)×4 boxes (anchors) or (H·W)×2 points.</summary>
    Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null);

    /// <summary>The priors of level <paramref name="levelIdx"/> only.</summary>
    Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null);

    /// <summary>The priors at the given flat indices (int64) of one level, as <see cref="SingleLevelGridPriors"/> would give them.</summary>
    Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null);

    /// <summary>
    /// Per level, a bool per prior: false for priors whose cell lies in the padding of a batch
    /// (cells beyond ceil(padShape / stride) of the image's own padded size).
    /// </summary>
    Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null);

    /// <summary>
    /// The generator as it applies to a batch of <paramref name="batchInputShape"/> whose levels have <paramref name="featmapSizes"/>:
    /// MMDetection's generators use their nominal strides (themselves); torchvision's measure the strides on the batch
    /// (<see cref="BatchStrides"/>).
    /// </summary>
    IPriorGenerator ForBatch((int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes) => this;
}
