using TorchSharp;

namespace Detect.Models.Layers;

/// <summary>
/// Base of Detect's modules: children, parameters and buffers are registered explicitly, under the
/// names MMDetection's state dicts use (<c>conv1</c>, <c>bn1</c> or <c>gn1</c>, <c>layer1</c>...),
/// never implicitly from C# field names.
/// </summary>
/// <remarks>TorchSharp would otherwise register every module-typed field under the field's name
/// when the module becomes a child, adding keys such as <c>Norm1</c> next to <c>bn1</c>.</remarks>
public abstract class DetectModule<TIn, TOut>(string name) : torch.nn.Module<TIn, TOut>(name)
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
