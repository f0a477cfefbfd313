namespace Detect.Platform;

/// <summary>
/// Decides, once per process, how CPU convolutions get their gradients, and says why: what <c>detect env</c>
/// prints and what a training run logs before its first step.
/// </summary>
/// <remarks>
/// The order of preference: libtorch's oneDNN kernels with <see cref="ConvGradientGuard"/> (the default: right
/// and nearly free); oneDNN switched off for convolutions (right, slower) when the guarded path measures wrong;
/// when even that is wrong, training refuses to start rather than learn from wrong gradients. With
/// <c>DETECT_CONV_GUARD=off</c> (for measuring the guard's cost) the plain kernels are used, right or not, and
/// the report says which.
/// </remarks>
public static class ConvGradientPath
{
    static readonly Lock Gate = new();
    static ConvGradientReport? decided;

    /// <summary>Measures (once) and makes training's convolution gradients right; returns what was decided.</summary>
    /// <exception cref="InvalidOperationException">No path computes right gradients on this host.</exception>
    public static ConvGradientReport Ensure()
    {
        lock (Gate)
        {
            if (decided is not null) return decided;
            var check = ConvBackwardCheck.Run();
            string plain = check.PlainIsRight
                ? "libtorch's oneDNN kernels measured right here"
                : $"libtorch's oneDNN kernels ({OneDnn.EffectiveIsa}) computed wrong input gradients here";
            if (!ConvGradientGuard.Enabled)
                return decided = new(check, ConvGradientMode.Plain, check.PlainIsRight
                    ? $"{plain}; DETECT_CONV_GUARD=off"
                    : $"{plain}, and DETECT_CONV_GUARD=off leaves them so: TRAINING ON THIS HOST LEARNS FROM WRONG GRADIENTS");
            if (check.GuardedIsRight)
                return decided = new(check, ConvGradientMode.Guarded, $"{plain}; the guard stays on wherever the fault can occur, as it depends on memory contents");
            OneDnn.Enabled = false;
            var fallback = ConvBackwardCheck.Run();
            if (!fallback.PlainIsRight)
                throw new InvalidOperationException(
                    $"Convolution gradients are wrong on this host on every path Detect knows ({check}; with oneDNN off: {fallback}). " +
                    "Training would learn from wrong gradients, so it does not start. Try DNNL_MAX_CPU_ISA=AVX in the environment " +
                    "(oneDNN's AVX kernels were right on every host seen) and report the host's CPU model.");
            return decided = new(fallback, ConvGradientMode.OneDnnOff, $"{plain} and the guarded path did not help ({check}), so oneDNN is off for convolutions");
        }
    }
}

/// <summary>How CPU convolutions get their gradients.</summary>
public enum ConvGradientMode
{
    /// <summary>oneDNN with <see cref="ConvGradientGuard"/> on the affected convolutions.</summary>
    Guarded,

    /// <summary>oneDNN as libtorch uses it, unguarded.</summary>
    Plain,

    /// <summary>libtorch's own kernels: oneDNN switched off for convolutions.</summary>
    OneDnnOff,
}

/// <summary>What <see cref="ConvGradientPath.Ensure"/> measured and decided.</summary>
/// <param name="Check">The measurement the decision rests on.</param>
/// <param name="Mode">The path training uses.</param>
/// <param name="Why">Why, in words.</param>
public sealed record ConvGradientReport(ConvBackwardCheck Check, ConvGradientMode Mode, string Why)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Describe(Mode)} - {Why}. oneDNN ISA {OneDnn.EffectiveIsa}{(OneDnn.MaxCpuIsa is { } cap ? $" (DNNL_MAX_CPU_ISA={cap})" : "")}; measured: {Check}";

    static string Describe(ConvGradientMode mode) => mode switch
    {
        ConvGradientMode.Guarded => "guarded (convolutions whose output channels are not a multiple of 16 take channels-last inputs while input gradients are needed)",
        ConvGradientMode.Plain => "plain oneDNN",
        _ => "oneDNN off for convolutions",
    };
}
