using static TorchSharp.torch;

namespace Detect.Onnx.Export;

/// <summary>The ONNX form of the modules of type <typeparamref name="TModule"/> (and types derived from it).</summary>
public abstract class ModuleExport<TModule> : IModuleExport where TModule : nn.Module
{
    /// <inheritdoc/>
    public bool Handles(nn.Module module) => module is TModule;

    /// <inheritdoc/>
    public IReadOnlyList<string> Emit(ExportContext context, nn.Module module, string path, IReadOnlyList<string> inputs) =>
        Emit(context, (TModule)module, path, inputs);

    /// <summary>Writes <paramref name="module"/>'s nodes (it sits at <paramref name="path"/>) and returns its outputs' value names.</summary>
    protected abstract IReadOnlyList<string> Emit(ExportContext context, TModule module, string path, IReadOnlyList<string> inputs);
}
