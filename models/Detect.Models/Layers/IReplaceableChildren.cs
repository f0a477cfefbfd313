using TorchSharp;

namespace Detect.Models.Layers;

/// <summary>
/// A module whose children can be swapped in place, keeping their names and order (PyTorch's
/// <c>module._modules[name] = new_module</c>): what model transformations such as
/// <see cref="ConvBnFusion"/> need.
/// </summary>
/// <remarks>
/// Implementing it is a promise: the module's forward looks up every child it calls in its registry
/// (<see cref="DetectModule{TIn, TOut}.Child{T}"/>) instead of a field captured at construction, so a
/// replacement takes effect. Modules that keep children in fields must not implement it.
/// </remarks>
public interface IReplaceableChildren
{
    /// <summary>Replaces the child registered as <paramref name="childName"/> with <paramref name="module"/>.</summary>
    /// <exception cref="ArgumentException">No child has that name.</exception>
    void ReplaceChild(string childName, torch.nn.Module module);
}
