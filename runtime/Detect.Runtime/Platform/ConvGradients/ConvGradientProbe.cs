using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// Measures one convolution configuration's gradients in float32 against float64 (computed by libtorch's own
/// kernels: oneDNN takes no float64), with <see cref="AllocatorPoison"/> before every forward and backward pass,
/// through a <see cref="Conv2d"/> module called as a model calls it: plain, or with oneDNN off during the backward pass
/// (<see cref="ConvGradientPath.BackwardScope"/>'s fallback). What <see cref="ConvBackwardCheck"/> and the gradient sweep
/// (tests/Detect.GradientSweep) measure.
/// </summary>
/// <remarks>Owns one random batch (fixed by the seed) and its float64 references; dispose it.</remarks>
public sealed class ConvGradientProbe : IDisposable
{
    readonly Tensor x, w, gradOut, inputReference, weightReference;

    /// <summary>Draws a batch of <paramref name="batch"/> random <paramref name="size"/>×<paramref name="size"/> inputs and computes the float64 references.</summary>
    public ConvGradientProbe(ConvShape shape, int batch = 2, int size = 12, ulong seed = 20261203)
    {
        TorchRuntime.EnsureInitialized();
        if (shape.OutputSize(size) < 1)
            throw new ArgumentException($"a {size}x{size} input is too small for the convolution {shape}", nameof(size));
        Shape = shape;
        using var scope = NewDisposeScope();
        using var enableGrad = enable_grad();
        using var generator = new Generator(seed);
        x = randn([batch, shape.InChannels, size, size], generator: generator);
        // Weights at kaiming scale, so outputs and gradients are of order one at any channel count.
        using var fanIn = Math.Sqrt(shape.InChannels / shape.Groups * shape.Kernel * shape.Kernel).ToScalar();
        w = randn([shape.OutChannels, shape.InChannels / shape.Groups, shape.Kernel, shape.Kernel], generator: generator).div_(fanIn);
        gradOut = randn([batch, shape.OutChannels, shape.OutputSize(size), shape.OutputSize(size)], generator: generator);
        var x64 = x.to(float64).requires_grad_();
        var w64 = w.to(float64).requires_grad_();
        var y64 = nn.functional.conv2d(x64, w64, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding],
            dilation: [shape.Dilation, shape.Dilation], groups: shape.Groups);
        y64.backward([gradOut.to(float64)]);
        (inputReference, weightReference) = (x64.grad!.detach(), w64.grad!.detach());
        foreach (var kept in new[] { x, w, gradOut, inputReference, weightReference }) kept.DetachFromDisposeScope();
    }

    /// <summary>The configuration measured.</summary>
    public ConvShape Shape { get; }

    /// <summary>Both paths measured, each <paramref name="repeats"/> times (the worst kept).</summary>
    public static ConvProbeResult Compare(ConvShape shape, int batch = 2, int size = 12, int repeats = 1)
    {
        using var probe = new ConvGradientProbe(shape, batch, size);
        var plain = probe.Measure(backwardOff: false, repeats);
        var off = probe.Measure(backwardOff: true, repeats);
        return new ConvProbeResult(shape, plain.Input, plain.Weight, off.Input, off.Weight);
    }

    /// <summary>The input and weight gradients of one path against float64, the worst of <paramref name="repeats"/> runs.</summary>
    public (GradientError Input, GradientError Weight) Measure(bool backwardOff, int repeats = 1)
    {
        using var conv = Shape.ToModule();
        using (no_grad()) conv.weight!.copy_(w);
        GradientError input = default, weight = default;
        for (int i = 0; i < repeats; i++)
        {
            using var runScope = NewDisposeScope();
            using var enableGrad = enable_grad();
            conv.zero_grad();
            var xi = x.clone().requires_grad_();
            AllocatorPoison.Poison();
            var y = conv.call(xi);
            AllocatorPoison.Poison();
            bool was = OneDnn.Enabled;
            if (backwardOff) OneDnn.Enabled = false;
            try
            {
                y.backward([gradOut]);
            }
            finally
            {
                OneDnn.Enabled = was;
            }
            input = input.Worst(GradientError.Of(xi.grad!, inputReference));
            weight = weight.Worst(GradientError.Of(conv.weight!.grad!, weightReference));
        }
        return (input, weight);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var kept in new[] { x, w, gradOut, inputReference, weightReference }) kept.Dispose();
    }
}

/// <summary>What <see cref="ConvGradientProbe.Compare"/> found for one configuration.</summary>
/// <param name="Shape">The configuration measured.</param>
/// <param name="PlainInput">The plain path's input gradient against float64.</param>
/// <param name="PlainWeight">The plain path's weight gradient.</param>
/// <param name="BackwardOffInput">The input gradient with oneDNN off during the backward pass.</param>
/// <param name="BackwardOffWeight">That path's weight gradient.</param>
public sealed record ConvProbeResult(ConvShape Shape, GradientError PlainInput, GradientError PlainWeight, GradientError BackwardOffInput, GradientError BackwardOffWeight);
