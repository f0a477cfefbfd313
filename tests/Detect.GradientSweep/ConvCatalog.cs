using Detect.Config;
using Detect.Models.Tests.Detectors;
using Detect.Platform;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.GradientSweep;

/// <summary>
/// The convolution configurations the sweep measures: those of every model Detect ships (each zoo experiment's,
/// each sample's and the model tests' small detectors, found by building the models and walking their module
/// trees), and a synthetic grid around the defect's known shape (16 input channels, 1..33 output channels).
/// </summary>
public static class ConvCatalog
{
    /// <summary>Input size of the synthetic configurations (as in the defect's first report: 2 images of 12×12).</summary>
    public const int SyntheticSize = 12;

    /// <summary>
    /// Input size of the models' configurations (one 8×8 image, measured once): small, as their real channel counts make
    /// them large. Their kernels' buffers mostly exceed what <see cref="AllocatorPoison"/> can reach, so repeats would add little.
    /// </summary>
    public const int ModelSize = 8;

    /// <summary>Input channels of the synthetic grid.</summary>
    public const int SyntheticInChannels = 16;

    /// <summary>The table's group of the models' configurations.</summary>
    public const string ModelsGroup = "models";

    /// <summary>Every configuration: the synthetic grid, then the models' (deduplicated, in order of first appearance).</summary>
    public static IReadOnlyList<ConvCase> All() => [.. Synthetic(), .. FromModels(ModelSources())];

    /// <summary>
    /// Output channels 1..33 for 1×1 and 3×3 kernels at strides 1 and 2, 3×3 on a 1×1 input (a detector's coarsest
    /// level on a small image), 3×3 at dilation 2 and in two groups, on 16 input channels; depthwise 3×3 convolutions
    /// on 1..33 channels, and two with channel multipliers. All with a bias, as detection heads have.
    /// </summary>
    public static IEnumerable<ConvCase> Synthetic()
    {
        var outChannels = Enumerable.Range(1, 33).ToList();
        foreach (int kernel in new[] { 1, 3 })
            foreach (int stride in new[] { 1, 2 })
                foreach (int oc in outChannels)
                    yield return Case($"{kernel}x{kernel} s{stride}", new ConvShape(SyntheticInChannels, oc, kernel, stride, Padding: kernel / 2));
        foreach (int oc in outChannels)
            yield return Case("3x3 s1, 1x1 input", new ConvShape(SyntheticInChannels, oc, 3, Padding: 1)) with { Size = 1 };
        foreach (int oc in outChannels)
            yield return Case("3x3 d2", new ConvShape(SyntheticInChannels, oc, 3, Padding: 2, Dilation: 2));
        foreach (int oc in outChannels.Where(c => c % 2 == 0))
            yield return Case("3x3 g2", new ConvShape(SyntheticInChannels, oc, 3, Padding: 1, Groups: 2));
        foreach (int channels in outChannels)
            yield return Case("3x3 depthwise", new ConvShape(channels, channels, 3, Padding: 1, Groups: channels));
        foreach (var (channels, oc) in new[] { (8, 24), (16, 32) })
            yield return Case("3x3 depthwise", new ConvShape(channels, oc, 3, Padding: 1, Groups: channels));

        static ConvCase Case(string group, ConvShape shape) => new(group, shape, 2, SyntheticSize, 2, []);
    }

    /// <summary>The models whose convolutions the sweep takes: each zoo and sample experiment's, then the small test detectors.</summary>
    public static IEnumerable<(string Name, Func<nn.Module> Build)> ModelSources()
    {
        var assemblies = new[] { typeof(Detect.Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly, typeof(Quickstart.ShapesFcos).Assembly, typeof(ChannelMismatch.ShapesRetinaNet).Assembly };
        foreach (var entry in ExperimentCatalog.List(assemblies))
            yield return (entry.Name, () => entry.Create().BuildModel());
        foreach (var name in SmallDetectors.Names)
            yield return ($"small {name}", () => SmallDetectors.Build(name));
    }

    /// <summary>The distinct <see cref="Conv2d"/> configurations of the given models, each with the modules that have it.</summary>
    public static IReadOnlyList<ConvCase> FromModels(IEnumerable<(string Name, Func<nn.Module> Build)> models)
    {
        var sources = new Dictionary<ConvShape, List<string>>();
        var order = new List<ConvShape>();
        foreach (var (name, build) in models)
        {
            using var model = build();
            foreach (var (path, module) in model.named_modules())
            {
                if (module is not Conv2d conv) continue;
                var shape = ConvShape.Of(conv) ?? throw new NotSupportedException($"{name}: {path} is not a square zero-padded convolution; the sweep cannot measure it yet.");
                if (!sources.TryGetValue(shape, out var list))
                {
                    sources[shape] = list = [];
                    order.Add(shape);
                }
                if (!list.Any(s => s.StartsWith(name + ":", StringComparison.Ordinal))) list.Add($"{name}: {path}");
            }
        }
        return [.. order.Select(shape => new ConvCase(ModelsGroup, shape, 1, ModelSize, 1, sources[shape]))];
    }
}
