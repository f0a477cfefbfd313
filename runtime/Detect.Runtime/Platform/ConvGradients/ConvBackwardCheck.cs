namespace Detect.Platform;

/// <summary>
/// A measurement of the convolution defect <see cref="ConvGradientPath"/> remedies, on this process's kernels: the input
/// gradient of a 16→<see cref="OutChannels"/> 3×3 convolution against float64, once as libtorch computes it (oneDNN at this
/// process's ISA) and once with oneDNN off during the backward pass, each with freed NaN-filled memory around it
/// (<see cref="AllocatorPoison"/>) so that a kernel reading memory it never wrote shows.
/// One configuration of <see cref="ConvGradientProbe"/>; the gradient sweep (tests/Detect.GradientSweep) measures them all.
/// </summary>
/// <param name="Elements">Input-gradient elements compared per path.</param>
/// <param name="PlainNaN">NaN elements in the plain path's gradient (worst of the repeats).</param>
/// <param name="PlainError">The plain path's largest error relative to the largest reference value (NaN ignored).</param>
/// <param name="BackwardOffNaN">NaN elements with oneDNN off during the backward pass.</param>
/// <param name="BackwardOffError">That path's largest relative error.</param>
public sealed record ConvBackwardCheck(int Elements, int PlainNaN, double PlainError, int BackwardOffNaN, double BackwardOffError)
{
    /// <summary>Output channels of the probe: not a multiple of 16, like a box-regression head's 4.</summary>
    public const int OutChannels = 4;

    /// <summary>Relative error up to which a gradient counts as right (float32 against float64 is ~1e-7).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>The convolution probed: a 3×3 box-regression head on 16 channels.</summary>
    public static readonly ConvShape Shape = new(16, OutChannels, Kernel: 3, Padding: 1, Bias: false);

    /// <summary>Whether libtorch's plain path is right here.</summary>
    public bool PlainIsRight => PlainNaN == 0 && PlainError <= Tolerance;

    /// <summary>Whether the backward pass without oneDNN is right here.</summary>
    public bool BackwardOffIsRight => BackwardOffNaN == 0 && BackwardOffError <= Tolerance;

    /// <summary>Runs the probe (a few milliseconds).</summary>
    public static ConvBackwardCheck Run(int repeats = 3)
    {
        var result = ConvGradientProbe.Compare(Shape, repeats: repeats);
        return new((int)result.PlainInput.Elements, (int)result.PlainInput.NaN, result.PlainInput.MaxRelativeError,
            (int)result.BackwardOffInput.NaN, result.BackwardOffInput.MaxRelativeError);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"oneDNN {Describe(PlainNaN, PlainError)}, oneDNN off in backward {Describe(BackwardOffNaN, BackwardOffError)}" +
        $" (input gradient of a 16->{OutChannels} 3x3 conv vs float64)";

    string Describe(int nan, double error) =>
        nan > 0 ? $"WRONG ({nan}/{Elements} NaN, max rel. error {error:E1})"
        : error > Tolerance ? $"WRONG (max rel. error {error:E1})"
        : $"right (max rel. error {error:E1})";
}
