using Detect.Platform;

namespace Detect.GradientSweep;

/// <summary>One convolution configuration of the sweep, where it comes from, and the input size it is measured on.</summary>
/// <param name="Group">The row of the sweep's table it counts in (<c>3x3 s1</c>, <c>models</c>...).</param>
/// <param name="Shape">The configuration.</param>
/// <param name="Batch">Images in the measured input.</param>
/// <param name="Size">Height and width of the measured input.</param>
/// <param name="Repeats">Measurements per path (the worst kept): the fault depends on memory contents, and one run of the plain path misses it now and then.</param>
/// <param name="Sources">For model configurations, one module per model that has it (<c>FcosR50Fpn1xCoco: bbox_head.conv_reg</c>).</param>
public sealed record ConvCase(string Group, ConvShape Shape, int Batch, int Size, int Repeats, IReadOnlyList<string> Sources);
