using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Export;

/// <summary>
/// The ONNX form of one family of modules: writes the nodes that compute the module's forward from the graph values
/// of its inputs, and returns the values of its outputs. Composite modules emit their children through
/// <see cref="ExportContext.Emit"/>, so every module in the tree is checked.
/// </summary>
public interface IModuleExport
{
    /// <summary>Whether this form applies to <paramref name="module"/>.</summary>
    bool Handles(nn.Module module);

    /// <summary>Writes <paramref name="module"/>'s nodes (it sits at <paramref name="path"/>) and returns its outputs' value names.</summary>
    IReadOnlyList<string> Emit(ExportContext context, nn.Module module, string path, IReadOnlyList<string> inputs);
}
