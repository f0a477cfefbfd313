namespace Detect.Models.Analysis;

/// <summary>
/// One module in MMCV's complexity accounting: a counted module (<see cref="FlopRules.IsCounted"/>) reports its
/// own FLOPs (summed over every call) and trainable parameters; any other module the sums of its children.
/// </summary>
/// <param name="Name">Child name in its parent (empty for the root).</param>
/// <param name="TypeName">Module type, e.g. <c>Conv2d</c>, <c>Bottleneck</c>.</param>
/// <param name="Description">PyTorch's <c>extra_repr</c> where Detect knows it (<c>3, 64, kernel_size=(7, 7)...</c>), else empty.</param>
/// <param name="Params">Trainable parameters, as MMCV counts them.</param>
/// <param name="Flops">FLOPs (multiply-adds).</param>
/// <param name="Counted">Whether MMCV counts this module itself.</param>
/// <param name="Children">Child modules, in registration order.</param>
public sealed record ModuleComplexity(string Name, string TypeName, string Description, long Params, long Flops, bool Counted,
    IReadOnlyList<ModuleComplexity> Children)
{
    /// <summary>The descendant at a dotted module path (<c>backbone.layer1.0</c>), or null.</summary>
    public ModuleComplexity? Find(string path) => path.Length == 0
        ? this
        : path.Split('.').Aggregate((ModuleComplexity?)this, (node, name) => node?.Children.FirstOrDefault(c => c.Name == name));
}
