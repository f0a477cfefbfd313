using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Detect.Platform;

/// <summary>
/// What Detect needs to know about, and switch in, the oneDNN (MKL-DNN) library inside libtorch: which
/// instruction set its jit kernels use here, a cap on it for the process, and libtorch's switch for using it at all
/// (<c>torch.backends.mkldnn.enabled</c>, which TorchSharp does not expose).
/// </summary>
public static class OneDnn
{
    /// <summary>The cap set by <c>DNNL_MAX_CPU_ISA</c> (read by oneDNN once, before its first primitive), or null.</summary>
    public static string? MaxCpuIsa => Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") is { Length: > 0 } isa ? isa : null;

    /// <summary>The widest oneDNN ISA family this CPU offers: avx512_core, avx2, avx, sse41 or none.</summary>
    public static string HostIsa =>
        Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "avx512_core"
        : Avx2.IsSupported ? "avx2"
        : Avx.IsSupported ? "avx"
        : Sse41.IsSupported ? "sse41"
        : "none";

    /// <summary>The ISA oneDNN's kernels use: the host's, lowered by <see cref="MaxCpuIsa"/> when that is set.</summary>
    public static string EffectiveIsa => MaxCpuIsa is { } cap && Rank(cap) < Rank(HostIsa) ? cap.ToLowerInvariant() : HostIsa;

    /// <summary>Whether the host offers a wider ISA than <paramref name="isa"/>.</summary>
    public static bool HostIsWiderThan(string isa) => Rank(HostIsa) > Rank(isa);

    /// <summary>Whether the kernels oneDNN would use (<see cref="EffectiveIsa"/>) are wider than <paramref name="isa"/>.</summary>
    public static bool EffectiveIsWiderThan(string isa) => Rank(EffectiveIsa) > Rank(isa);

    /// <summary>
    /// Caps oneDNN at <paramref name="isa"/> for this process by setting <c>DNNL_MAX_CPU_ISA</c> in the C library's
    /// environment, where oneDNN reads it (.NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> keeps its
    /// own copy, which native code does not see). Effective only before oneDNN's first primitive.
    /// </summary>
    public static void CapIsa(string isa)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            if (LibC.SetEnv("DNNL_MAX_CPU_ISA", isa, 1) != 0) throw new InvalidOperationException($"setenv(DNNL_MAX_CPU_ISA={isa}) failed.");
        }
        Environment.SetEnvironmentVariable("DNNL_MAX_CPU_ISA", isa);
    }

    /// <summary>
    /// Whether libtorch may use oneDNN for CPU convolutions (on by default). Off, convolutions take libtorch's own
    /// slower kernels; the switch is read per call, at backward time too, so it can change at any time.
    /// </summary>
    public static bool Enabled
    {
        get => Context.UserEnabledMkldnn(Context.Global());
        set => Context.SetUserEnabledMkldnn(Context.Global(), value);
    }

    /// <summary>
    /// Switches off NNPACK, libtorch's choice for float convolutions that oneDNN does not take. It cannot start
    /// on most x86 servers ("Could not initialize NNPACK! Reason: Unsupported hardware", printed at every such
    /// convolution: float64 ones, or all of them with oneDNN off) and is never faster than oneDNN where it does.
    /// </summary>
    public static void DisableNnpack() => Context.SetUserEnabledNnpack(Context.Global(), false);

    static int Rank(string isa) => isa.ToLowerInvariant() switch
    {
        "sse41" => 1,
        "avx" => 2,
        "avx2" or "avx2_vnni" or "avx2_vnni_2" => 3,
        var s when s.StartsWith("avx512", StringComparison.Ordinal) || s.StartsWith("avx10", StringComparison.Ordinal) || s.StartsWith("amx", StringComparison.Ordinal) => 4,
        _ => 0,
    };

    static class LibC
    {
        [DllImport("libc", EntryPoint = "setenv")]
        internal static extern int SetEnv(string name, string value, int overwrite);
    }

    // at::Context's accessors are plain C++ functions exported by libtorch_cpu (TorchSharp binds no such switch);
    // the names are the Itanium-mangled at::globalContext(), Context::userEnabledMkldnn(), setUserEnabledMkldnn(bool) and setUserEnabledNNPACK(bool).
    static class Context
    {
        [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at13globalContextEv")]
        internal static extern IntPtr Global();

        [DllImport("libtorch_cpu.so", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
        [return: MarshalAs(UnmanagedType.I1)]
        internal static extern bool UserEnabledMkldnn(IntPtr context);

        [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        internal static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

        [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
        internal static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);
    }
}
