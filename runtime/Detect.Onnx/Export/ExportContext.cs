using Detect.Onnx.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Export;

/// <summary>
/// One export in progress: the graph being written and the module forms that write it. <see cref="Emit"/> finds the
/// form of a module and fails, naming the module's path and type, where none applies.
/// </summary>
/// <param name="graph">The graph being written.</param>
/// <param name="forms">The module forms, tried in order (first match wins: put specific types before their bases).</param>
public sealed class ExportContext(OnnxGraph graph, IReadOnlyList<IModuleExport> forms)
{
    /// <summary>The graph being written.</summary>
    public OnnxGraph Graph { get; } = graph;

    /// <summary>The input's height and width when the graph has a fixed shape (forms that write priors need it), else null.</summary>
    public (int Height, int Width)? InputSize { get; init; }

    /// <summary>Every level's feature size of the dense head (or RPN) for <see cref="InputSize"/>, traced once by the exporter; null with a dynamic shape.</summary>
    public IReadOnlyList<(int Height, int Width)>? FeatmapSizes { get; init; }

    /// <summary>Writes <paramref name="module"/> (at <paramref name="path"/>) on <paramref name="inputs"/>; returns its outputs.</summary>
    /// <exception cref="OnnxExportException">The module, or one inside it, has no ONNX form.</exception>
    public IReadOnlyList<string> Emit(nn.Module module, string path, IReadOnlyList<string> inputs)
    {
        var form = forms.FirstOrDefault(f => f.Handles(module)) ?? throw OnnxExportException.Unsupported(path, module);
        return form.Emit(this, module, path, inputs);
    }

    /// <summary>Writes a one-input, one-output module.</summary>
    public string EmitSingle(nn.Module module, string path, string input) => Emit(module, path, [input])[0];

    /// <summary>The registered child <paramref name="name"/> of <paramref name="module"/>.</summary>
    /// <exception cref="OnnxExportException">There is none (the module is not built the way its form expects).</exception>
    public static nn.Module Child(nn.Module module, string path, string name) =>
        module.named_children().FirstOrDefault(c => c.name == name).module
        ?? throw new OnnxExportException($"{path} ({module.GetType().Name}) has no child '{name}' to export.");

    /// <summary>The registered child <paramref name="name"/>, or null.</summary>
    public static nn.Module? OptionalChild(nn.Module module, string name) =>
        module.named_children().FirstOrDefault(c => c.name == name).module;

    /// <summary><paramref name="path"/>.<paramref name="name"/> (or the name alone at the root).</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
