using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// The configuration of a square 2-D convolution as oneDNN picks its kernels by it: channels, kernel, stride,
/// zero padding, dilation, groups and bias (the spatial size aside).
/// </summary>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Kernel height and width.</param>
/// <param name="Stride">Stride in both directions.</param>
/// <param name="Padding">Zero padding on each side.</param>
/// <param name="Dilation">Dilation in both directions.</param>
/// <param name="Groups">Channel groups (<see cref="InChannels"/> for a depthwise convolution).</param>
/// <param name="Bias">Whether it adds a bias (heads do; convolutions followed by a norm layer do not).</param>
public sealed record ConvShape(int InChannels, int OutChannels, int Kernel, int Stride = 1, int Padding = 0, int Dilation = 1, int Groups = 1, bool Bias = true)
{
    /// <summary>The shape of <paramref name="conv"/>, or null when it is not square with zero padding of given sizes.</summary>
    public static ConvShape? Of(Conv2d conv)
    {
        if (conv.padding is not { Length: 2 } padding || conv.padding_mode != PaddingModes.Zeros) return null;
        long[][] pairs = [conv.kernel_size, conv.stride, padding, conv.dilation];
        if (pairs.Any(p => p.Length != 2 || p[0] != p[1])) return null;
        return new((int)conv.in_channels, (int)conv.out_channels, (int)conv.kernel_size[0], (int)conv.stride[0], (int)padding[0], (int)conv.dilation[0], (int)conv.groups, conv.bias is not null);
    }

    /// <summary>A convolution module of this shape, as a model would hold it.</summary>
    public Conv2d ToModule() =>
        nn.Conv2d(InChannels, OutChannels, Kernel, Stride, Padding, Dilation, groups: Groups, bias: Bias);

    /// <summary>Output size for an input of size <paramref name="size"/> (square).</summary>
    public int OutputSize(int size) => (size + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{InChannels}->{OutChannels} {Kernel}x{Kernel}" + (Stride != 1 ? $" s{Stride}" : "") + (Padding != 0 ? $" p{Padding}" : "") +
        (Dilation != 1 ? $" d{Dilation}" : "") + (Groups != 1 ? $" g{Groups}" : "") + (Bias ? "" : " no bias");
}
