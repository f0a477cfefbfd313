using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// How CPU convolutions get right gradients, decided once per process: what <c>detect env</c> prints and what a
/// training run logs before its first step.
/// </summary>
/// <remarks>
/// <para>
/// The defect (docs/platform.md, "Convolution gradients"): libtorch 2.10's oneDNN computes wrong convolution input
/// gradients (often NaN) on its AVX2 and AVX-512 kernels — 3×3 and dilated convolutions whose output channels are not a
/// multiple of 16, convolutions on 1×1 inputs, some depthwise ones — and its AVX-512 backward of ResNet-50's 1×1 stride-2
/// convolutions dies with SIGFPE. Its forward kernels are right, and at the AVX level (and SSE4.1) every configuration of
/// the gradient sweep is right (docs/platform/conv-gradient-sweep.md).
/// </para>
/// <para>
/// The remedy, <c>DETECT_CONV_GRADIENTS=auto</c> (the default): a process that may train (<see cref="TorchUse.Training"/>)
/// caps oneDNN at AVX before libtorch starts, when the host offers more; on this project's AMD EPYC host that cost a
/// Quickstart training step 0.21 → 0.33 s and made a ResNet-50 training step possible at all. A process that only
/// predicts (<see cref="TorchUse.Inference"/>) runs at the host's widest ISA and pays nothing. When a process trains
/// without the cap (it started for inference, or libtorch ran before Detect could cap it; a user's <c>DNNL_MAX_CPU_ISA</c> wider than AVX is lowered too) and the kernels measure wrong,
/// convolutions run without oneDNN during backward passes (<see cref="BackwardScope"/>: right, slower: 0.40 s for the same
/// step); when even that is wrong, training refuses to start. <c>native</c> leaves libtorch as it is (for measuring;
/// the report says when that is wrong) and <c>backward-off</c> forces the fallback.
/// </para>
/// </remarks>
public static class ConvGradientPath
{
    /// <summary>The ISA Detect caps oneDNN at in training processes.</summary>
    public const string CapIsa = "AVX";

    static readonly Lock Gate = new();
    static ConvGradientReport? decided;
    static bool cappedByDetect;

    /// <summary>The policy from <c>DETECT_CONV_GRADIENTS</c>: auto (default), native or backward-off.</summary>
    public static ConvGradientPolicy Policy => Environment.GetEnvironmentVariable("DETECT_CONV_GRADIENTS")?.ToLowerInvariant() switch
    {
        null or "" or "auto" => ConvGradientPolicy.Auto,
        "native" or "off" => ConvGradientPolicy.Native,
        "backward-off" => ConvGradientPolicy.BackwardOff,
        var other => throw new InvalidOperationException($"DETECT_CONV_GRADIENTS={other}: use auto, native or backward-off."),
    };

    /// <summary>Whether this process capped oneDNN at <see cref="CapIsa"/> (a user's own <c>DNNL_MAX_CPU_ISA</c> is kept when it is AVX or narrower).</summary>
    public static bool CappedByDetect => cappedByDetect;

    static string? loweredUserIsa;

    /// <summary>Called by <see cref="TorchRuntime.EnsureInitialized"/> before libtorch loads: caps oneDNN for a process that may train.</summary>
    internal static void BeforeLibTorch(TorchUse use)
    {
        // A user's own DNNL_MAX_CPU_ISA at or below the cap is kept; a wider one (AVX2 computes the same wrong gradients)
        // is lowered like the host's default, so that every backward pass is right, not only the engine's.
        if (use != TorchUse.Training || Policy != ConvGradientPolicy.Auto || !OneDnn.EffectiveIsWiderThan(CapIsa)) return;
        loweredUserIsa = OneDnn.MaxCpuIsa;
        OneDnn.CapIsa(CapIsa);
        cappedByDetect = true;
    }

    /// <summary>Measures (once) and makes training's convolution gradients right; returns what was decided.</summary>
    /// <exception cref="InvalidOperationException">No path computes right gradients on this host.</exception>
    public static ConvGradientReport Ensure()
    {
        lock (Gate)
        {
            if (decided is not null) return decided;
            var check = ConvBackwardCheck.Run();
            string kernels = $"oneDNN's {OneDnn.EffectiveIsa} kernels {(check.PlainIsRight ? "measured right" : "computed WRONG input gradients")}";
            var policy = Policy;
            if (policy == ConvGradientPolicy.Native)
                return decided = new(check, ConvGradientMode.Native, check.PlainIsRight ? $"{kernels}; DETECT_CONV_GRADIENTS=native"
                    : $"{kernels}, and DETECT_CONV_GRADIENTS=native leaves them so: TRAINING HERE LEARNS FROM WRONG GRADIENTS");
            if (policy == ConvGradientPolicy.Auto && check.PlainIsRight)
                return decided = new(check, cappedByDetect ? ConvGradientMode.IsaCapped : ConvGradientMode.Native, cappedByDetect
                    ? $"the host offers {OneDnn.HostIsa}{(loweredUserIsa is { } user ? $" (DNNL_MAX_CPU_ISA={user} was set, and is lowered too)" : "")}, whose kernels compute wrong convolution gradients, so this training process runs oneDNN at {CapIsa}; {kernels}"
                    : kernels);
            if (!check.BackwardOffIsRight)
                throw new InvalidOperationException(
                    $"Convolution gradients are wrong on this host on every path Detect knows ({check}). Training would learn from " +
                    "wrong gradients, so it does not start. Report the host's CPU model (grep -m1 'model name' /proc/cpuinfo).");
            return decided = new(check, ConvGradientMode.BackwardOff, policy == ConvGradientPolicy.BackwardOff
                ? $"DETECT_CONV_GRADIENTS=backward-off; {kernels}"
                : $"{kernels} and this process was not capped (it started for inference, or libtorch ran first), so backward passes run without oneDNN");
        }
    }

    /// <summary>The mode decided by <see cref="Ensure"/> (deciding it if need be).</summary>
    public static ConvGradientMode Mode => Ensure().Mode;

    /// <summary>
    /// Wraps a backward pass: in <see cref="ConvGradientMode.BackwardOff"/> oneDNN is off for its convolutions (libtorch picks
    /// a convolution's backward kernels when the backward runs), otherwise nothing changes. The engine's optimizer wrapper
    /// uses it; a training loop of your own calls <see cref="Backward"/>.
    /// </summary>
    public static IDisposable BackwardScope() => Mode == ConvGradientMode.BackwardOff ? new OneDnnOff() : NoScope.Instance;

    /// <summary><c>loss.backward()</c> with right convolution gradients on any CPU.</summary>
    public static void Backward(Tensor loss)
    {
        using var scope = BackwardScope();
        loss.backward();
    }

    private sealed class OneDnnOff : IDisposable
    {
        readonly bool was = OneDnn.Enabled;

        public OneDnnOff() => OneDnn.Enabled = false;

        public void Dispose() => OneDnn.Enabled = was;
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose() { }
    }
}

/// <summary>What <c>DETECT_CONV_GRADIENTS</c> asks for.</summary>
public enum ConvGradientPolicy
{
    /// <summary>Cap training processes where the host's kernels are wrong; fall back to <see cref="BackwardOff"/> where that was not possible.</summary>
    Auto,

    /// <summary>libtorch as it is, right or not (for measuring).</summary>
    Native,

    /// <summary>oneDNN off during every backward pass.</summary>
    BackwardOff,
}

/// <summary>How CPU convolutions get their gradients in this process.</summary>
public enum ConvGradientMode
{
    /// <summary>oneDNN as libtorch uses it, at the host's ISA (or the user's <c>DNNL_MAX_CPU_ISA</c>).</summary>
    Native,

    /// <summary>oneDNN capped at <see cref="ConvGradientPath.CapIsa"/> by Detect for this process.</summary>
    IsaCapped,

    /// <summary>oneDNN on for forward passes, off during backward passes.</summary>
    BackwardOff,
}

/// <summary>What <see cref="ConvGradientPath.Ensure"/> measured and decided.</summary>
/// <param name="Check">The measurement the decision rests on.</param>
/// <param name="Mode">The path training uses.</param>
/// <param name="Why">Why, in words.</param>
public sealed record ConvGradientReport(ConvBackwardCheck Check, ConvGradientMode Mode, string Why)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Describe(Mode)} - {Why}. Measured: {Check}";

    static string Describe(ConvGradientMode mode) => mode switch
    {
        ConvGradientMode.IsaCapped => $"oneDNN capped at {ConvGradientPath.CapIsa} (DNNL_MAX_CPU_ISA) for this training process",
        ConvGradientMode.BackwardOff => "oneDNN off during backward passes",
        _ => $"oneDNN at {OneDnn.EffectiveIsa}{(OneDnn.MaxCpuIsa is { } cap ? $" (DNNL_MAX_CPU_ISA={cap})" : "")}",
    };
}
