using System.Collections;
using Detect.Config.Checks;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Config;

/// <summary>
/// Measures a component without shape rules (a user-defined backbone or neck) by building it and
/// running it once, without gradients, on zeros: a 1×3×512×512 image for a backbone, the input
/// levels' shapes for a neck. Channels are read from the outputs and strides from their sizes, so a
/// mismatch is reported with the same message as a compile-time one instead of failing deep inside
/// a convolution.
/// </summary>
internal sealed class ModuleShapeProbe : IFeatureProbe
{
    // 512: power-of-two strides up to 512 divide it, and SSD300's neck (unpadded 3×3 convs on its last levels) needs more than
    // 256 pixels (at 256 its fifth level would be 2×2 and the sixth empty).
    private const int Size = 512;

    /// <summary>
    /// Shapes a module states itself (detectron2's <c>output_shape()</c>; Detect's backbones have an
    /// <c>OutputShapes</c> list of (Channels, Stride)), read without running it.
    /// </summary>
    private static FeatureLevels? Declared(IConfigView node, nn.Module module)
    {
        // Reflection on purpose: Detect.Runtime cannot reference Detect.Models' Backbone / ShapeSpec (models depend on the
        // runtime), and the module probed is a user's type the generator had no shape rule for.
        if (module.GetType().GetProperty("OutputShapes")?.GetValue(module) is not IEnumerable shapes) return null;
        var levels = shapes.Cast<object>().Select(s => (Channels: s.GetType().GetProperty("Channels")?.GetValue(s), Stride: s.GetType().GetProperty("Stride")?.GetValue(s))).ToList();
        if (levels.Count == 0 || levels.Any(l => l.Channels is not int || l.Stride is not int)) return null;
        var blames = new[] { new Blame(node) };
        return new FeatureLevels(levels.Select(l => (long)(int)l.Channels!).ToArray(), levels.Select(l => (long)(int)l.Stride!).ToArray(),
            node.TypeName + " (as built)", "stated by the built module", "stated by the built module", blames, blames);
    }

    public FeatureLevels? Measure(IConfigView node, FeatureLevels? input)
    {
        if (node is not RecordView view) return null;
        var built = view.Config.Build();
        if (built is not nn.Module module) return null;
        if (Declared(node, module) is { } declared) return declared;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        module.eval();
        object argument;
        if (input is null) argument = zeros(1, 3, Size, Size);
        else if (input.Strides is { } strides) argument = input.Channels.Select((c, i) => zeros(1, c, Size / strides[i], Size / strides[i])).ToArray();
        else return null;
        // A user module's forward signature is only known at run time (TorchSharp modules have no common forward type).
        var forward = module.GetType().GetMethods().FirstOrDefault(m => m.Name == "forward" && m.GetParameters() is [var p] && p.ParameterType.IsInstanceOfType(argument))
            ?? module.GetType().GetMethods().FirstOrDefault(m => m.Name == "forward" && m.GetParameters() is [var q] && q.ParameterType.IsAssignableFrom(typeof(IReadOnlyList<Tensor>)) && argument is Tensor[]);
        if (forward is null) return null;
        object? result;
        try
        {
            result = forward.Invoke(module, [argument]);
        }
        catch (System.Reflection.TargetInvocationException ex)
        {
            var given = input is null ? $"a 1x3x{Size}x{Size} image" : "the " + input.Producer + " outputs " + ValueText.FormatLongs(input.Channels) + " (" + input.ChannelOrigin + ")";
            throw new ConfigurationException($"{node.Path} ({node.TypeName}) has no shape rule and failed when run on {given}: {ex.InnerException?.Message}", ex.InnerException);
        }
        var outputs = result switch
        {
            Tensor t => [t],
            IEnumerable list => list.OfType<Tensor>().ToArray(),
            _ => [],
        };
        if (outputs.Length == 0) return null;
        var blames = new[] { new Blame(node) };
        return new FeatureLevels(outputs.Select(o => o.shape[1]).ToArray(), outputs.Select(o => Size / o.shape[2]).ToArray(),
            node.TypeName + " (measured)", "measured when the model was built", "measured when the model was built", blames, blames);
    }
}
