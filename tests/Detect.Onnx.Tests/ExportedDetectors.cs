using Detect.Models.Detectors;
using Detect.Models.Tests.Detectors;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>
/// The small detectors of the model tests with every norm's statistics and affine parameters drawn at random (so folding
/// BatchNorm and writing GroupNorm are tested with values that matter), exported to a temporary ONNX file.
/// </summary>
internal static class ExportedDetectors
{
    static ExportedDetectors() => Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);

    /// <summary>
    /// The detector <paramref name="name"/> (retinanet, fcos, faster_rcnn, mask_rcnn, a <see cref="TorchvisionStyleDetectors"/> one:
    /// *_tv, or a <see cref="NarrowZooDetectors"/> one: cascade_*, atss, d2_*) in evaluation mode, its norms randomized from a
    /// fixed seed; a small two-stage detector's heads take <paramref name="testCfg"/> when given (the same weights, other
    /// post-processing).
    /// </summary>
    /// <param name="name">The detector.</param>
    /// <param name="testCfg">A small two-stage detector's test settings (null: its own).</param>
    /// <param name="cfgOptions">A narrow zoo detector's <c>--cfg-options</c> on top of its own.</param>
    public static Detector Build(string name, TwoStageTestConfig? testCfg = null, string[]? cfgOptions = null)
    {
        var detector = Models.Tests.Seeded.Build(() => name.EndsWith("_tv", StringComparison.Ordinal) ? TorchvisionStyleDetectors.Build(name)
            : NarrowZooDetectors.Has(name) ? NarrowZooDetectors.Build(name, cfgOptions ?? []) : SmallDetectors.Build(name, testCfg: testCfg), 0);
        var gen = new Generator(7);
        using (no_grad())
        {
            foreach (var (key, value) in detector.state_dict())
            {
                bool norm = key.Contains(".bn", StringComparison.Ordinal) || key.Contains(".gn", StringComparison.Ordinal) || key.StartsWith("backbone.bn1", StringComparison.Ordinal)
                    || key.Contains("downsample.1", StringComparison.Ordinal);
                if (!norm || value.dtype != ScalarType.Float32) continue;
                if (key.EndsWith("running_var", StringComparison.Ordinal)) value.copy_(rand(value.shape, generator: gen).add_(0.5));
                // A bottleneck's last BN scaled small, as trained ResNet-50s have it (zero_init_residual): otherwise each of its 16
                // residual additions roughly doubles the activations' variance and the heads' scores saturate.
                else if (key.EndsWith("bn3.weight", StringComparison.Ordinal)) value.copy_(randn(value.shape, generator: gen).mul_(0.1));
                else value.copy_(randn(value.shape, generator: gen).mul_(0.3).add_(key.EndsWith("weight", StringComparison.Ordinal) ? 1.0 : 0.0));
            }
        }
        detector.eval();
        return detector;
    }

    /// <summary>Exports <paramref name="detector"/> to a new temporary file and returns its path.</summary>
    public static string Export(Detector detector, OnnxExportOptions options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"detect-onnx-{Guid.NewGuid():N}.onnx");
        OnnxExporter.Save(detector, options, path);
        return path;
    }
}
