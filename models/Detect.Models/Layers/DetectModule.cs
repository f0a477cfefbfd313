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

    /// <summary>
    /// The child registered as <paramref name="childName"/>, looked up now: forwards that call children through
    /// this see replacements made by <see cref="ReplaceRegisteredChild"/> (see <see cref="IReplaceableChildren"/>).
    /// </summary>
    protected T Child<T>(string childName) where T : torch.nn.Module => (T)_internal_submodules[childName];

    /// <summary>Replaces the child <paramref name="childName"/>, keeping its place among the children.</summary>
    /// <exception cref="ArgumentException">No child has that name.</exception>
    protected void ReplaceRegisteredChild(string childName, torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!_internal_submodules.ContainsKey(childName))
            throw new ArgumentException($"{GetName()} has no child '{childName}' to replace.", nameof(childName));
        _internal_submodules[childName] = module;
    }
}
