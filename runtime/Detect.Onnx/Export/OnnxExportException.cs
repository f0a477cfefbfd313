namespace Detect.Onnx.Export;

/// <summary>A model cannot be written as ONNX: a module with no ONNX form, or a setting the exporter does not cover.</summary>
public sealed class OnnxExportException(string message) : Exception(message)
{
    /// <summary>The error for the module at <paramref name="path"/> whose type has no ONNX form.</summary>
    public static OnnxExportException Unsupported(string path, TorchSharp.torch.nn.Module module) => new(
        $"{(path.Length == 0 ? "the model" : path)} ({module.GetType().FullName}) has no ONNX form; Detect.Onnx exports " +
        "the layers listed in docs/deployment.md.");
}
