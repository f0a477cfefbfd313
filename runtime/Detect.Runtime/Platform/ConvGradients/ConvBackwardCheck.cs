using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// A measurement of the convolution defect <see cref="ConvGradientGuard"/> remedies, on this process's
/// kernels: the input gradient of a 16→<see cref="OutChannels"/> 3×3 convolution against float64, once as
/// libtorch computes it plainly and once through the guard's channels-last path, each with freed NaN-filled
/// memory around it so that a kernel reading memory it never wrote shows.
/// </summary>
/// <param name="Elements">Input-gradient elements compared per path.</param>
/// <param name="PlainNaN">NaN elements in the plain path's gradient (worst of the repeats).</param>
/// <param name="PlainError">The plain path's largest error relative to the largest reference value (NaN ignored).</param>
/// <param name="GuardedNaN">NaN elements in the guarded path's gradient.</param>
/// <param name="GuardedError">The guarded path's largest relative error.</param>
public sealed record ConvBackwardCheck(int Elements, int PlainNaN, double PlainError, int GuardedNaN, double GuardedError)
{
    /// <summary>Output channels of the probe: not a multiple of 16, like a box-regression head's 4.</summary>
    public const int OutChannels = 4;

    /// <summary>Relative error up to which a gradient counts as right (float32 against float64 is ~1e-7).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Whether libtorch's plain path is right here.</summary>
    public bool PlainIsRight => PlainNaN == 0 && PlainError <= Tolerance;

    /// <summary>Whether the guarded path is right here.</summary>
    public bool GuardedIsRight => GuardedNaN == 0 && GuardedError <= Tolerance;

    /// <summary>Runs the probe (a few milliseconds).</summary>
    public static ConvBackwardCheck Run(int repeats = 3)
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        using var enableGrad = enable_grad();
        var generator = new Generator(20261203);
        var x = randn([2, 16, 12, 12], generator: generator);
        using var small = 0.01.ToScalar();
        var w = randn([OutChannels, 16, 3, 3], generator: generator).mul_(small);
        var x64 = x.to(float64).requires_grad_();
        var y64 = nn.functional.conv2d(x64, w.to(float64), padding: [1, 1]);
        var gradOut = randn(y64.shape, generator: generator);
        y64.backward([gradOut.to(float64)]);
        var reference = x64.grad!;
        double scale = reference.abs().max().item<double>();
        int plainNaN = 0, guardedNaN = 0;
        double plainError = 0, guardedError = 0;
        for (int i = 0; i < repeats; i++)
        {
            var (nan, error) = Measure(x, w, gradOut, reference, scale, guarded: false);
            (plainNaN, plainError) = (Math.Max(plainNaN, nan), Math.Max(plainError, error));
            (nan, error) = Measure(x, w, gradOut, reference, scale, guarded: true);
            (guardedNaN, guardedError) = (Math.Max(guardedNaN, nan), Math.Max(guardedError, error));
        }
        return new ConvBackwardCheck((int)x.numel(), plainNaN, plainError, guardedNaN, guardedError);
    }

    static (int NaN, double Error) Measure(Tensor x, Tensor w, Tensor gradOut, Tensor reference, double scale, bool guarded)
    {
        using var scope = NewDisposeScope();
        var input = x.clone().requires_grad_();
        Poison();
        var y = nn.functional.conv2d(guarded ? ConvGradientGuard.ToChannelsLast(input) : input, w, padding: [1, 1]);
        Poison();
        y.backward([gradOut]);
        var grad = input.grad!;
        int nan = (int)grad.isnan().sum().item<long>();
        double error = (grad.to(float64) - reference).abs().nan_to_num(0).max().item<double>() / scale;
        return (nan, error);
    }

    // Freed NaN-filled blocks from 2 KB to 96 KB, the sizes of the kernels' channel-padded buffers here, which
    // malloc hands out again next. (Blocks of 128 KB and more would be mmapped and returned to the system on free.)
    static void Poison()
    {
        var blocks = new List<Tensor>();
        using var nan = float.NaN.ToScalar();
        for (long elements = 512; elements <= 24_576; elements += 512) blocks.Add(full([elements], nan));
        foreach (var block in blocks) block.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"plain {Describe(PlainNaN, PlainError)}, guarded {Describe(GuardedNaN, GuardedError)} (input gradient of a 16->{OutChannels} 3x3 conv vs float64)";

    string Describe(int nan, double error) =>
        nan > 0 ? $"WRONG ({nan}/{Elements} NaN, max rel. error {error:E1})"
        : error > Tolerance ? $"WRONG (max rel. error {error:E1})"
        : $"right (max rel. error {error:E1})";
}
