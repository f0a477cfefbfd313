using System.Runtime.InteropServices;

namespace Detect.Distributed;

/// <summary>
/// Points MPI.NET at MPICH. MPI.NET 1.4.0 is compiled against MS-MPI: it imports <c>msmpi.dll</c> and
/// passes MPI handles as MS-MPI's 32-bit integer constants (<c>MPI_COMM_WORLD = 0x44000000</c>,
/// <c>MPI_DOUBLE = 0x4c00080b</c>). MS-MPI descends from MPICH, whose handles are the same integers, so
/// on Linux the import resolves to Debian's <c>libmpich.so.12</c>. Open MPI's handles are pointers to
/// its own structs: MPI.NET 1.4.0 cannot call Open MPI at all (docs/distributed.md).
/// </summary>
static class MpichLibrary
{
    /// <summary>The Linux library MPI.NET's <c>msmpi.dll</c> import resolves to.</summary>
    public const string Name = "libmpich.so.12";

    static int registered;

    /// <summary>Registers the resolver once per process (before MPI.NET's first call).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1 || OperatingSystem.IsWindows()) return;
        NativeLibrary.SetDllImportResolver(typeof(MPI.Unsafe).Assembly, (name, _, _) =>
            name == "msmpi.dll" ? Load() : IntPtr.Zero);
    }

    static IntPtr Load() => NativeLibrary.TryLoad(Name, out var handle) ? handle
        : throw new DllNotFoundException($"--launcher mpi needs MPICH's {Name}: apt-get install mpich (Open MPI cannot serve MPI.NET; docs/distributed.md).");
}
