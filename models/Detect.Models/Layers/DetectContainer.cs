using TorchSharp;

namespace Detect.Models.Layers;

/// <summary>
/// A module that holds sub-modules but is driven through named methods rather than one forward (a RoI head:
/// <c>Loss</c> and <c>Predict</c>). Children are registered explicitly under MMDetection's names, as in
/// <see cref="DetectModule{TIn, TOut}"/>.
/// </summary>
public abstract class DetectContainer(string name) : torch.nn.Module(name)
{
    /// <inheritdoc/>
    protected override void RegisterComponents() { }

    /// <summary>Registers <paramref name="module"/> as the child <paramref name="childName"/> and returns it.</summary>
    protected T Add<T>(string childName, T module) where T : torch.nn.Module
    {
        register_module(childName, module);
        return module;
    }
}
