using Detect.Models.Backbones;
using Detect.Platform;

namespace Detect.Models.Tests.Scalars;

/// <summary>
/// Detect's code leaves no TorchSharp Scalar to a finalizer (see <see cref="TemporaryScalarScan"/>): a new
/// <c>t * 0.5</c> or <c>a + b</c> on tensors anywhere in Detect.Runtime or Detect.Models fails here, with its file and line.
/// </summary>
public sealed class TemporaryScalarTests
{
    // Reviewed places that may keep a temporary: none so far. Add "path/File.cs:line" with the reason.
    static readonly Dictionary<string, string> Reviewed = new();

    [Theory]
    [InlineData("Detect.Runtime")]
    [InlineData("Detect.Models")]
    public void No_temporary_scalars(string assemblyName)
    {
        var assembly = assemblyName == "Detect.Runtime" ? typeof(TorchRuntime).Assembly : typeof(ResNet).Assembly;
        var found = TemporaryScalarScan.Instance.Scan(assembly).Where(t => !Reviewed.ContainsKey(t.Location)).ToList();
        Assert.True(found.Count == 0, $"{found.Count} temporary Scalar(s):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_scan_flags_every_shape_of_temporary_and_passes_kept_scalars()
    {
        var found = TemporaryScalarScan.Instance.Scan(typeof(TemporaryScalarTests).Assembly)
            .Where(t => t.Location.Contains("Scalars/ScalarShapes.cs:", StringComparison.Ordinal))
            .Select(t => t.What).ToList();
        Assert.Equal([
            "Tensor.op_Multiply(Tensor, Double) makes a temporary Scalar inside TorchSharp",
            "temporary Scalar from Scalar.op_Implicit(Double)",
            "temporary Scalar from ScalarExtensionMethods.ToScalar(Double)",
            "Tensor.op_Addition(Tensor, Tensor) makes a temporary Scalar inside TorchSharp",
            "temporary Scalar from Scalar.op_Implicit(Int64)",
            "torch.arange(Scalar, Nullable`1, Device, Boolean) makes a temporary Scalar inside TorchSharp",
            "nn.LeakyReLU(Double, Boolean): LeakyReLU.forward makes a temporary Scalar inside TorchSharp",
        ], found);
    }
}
