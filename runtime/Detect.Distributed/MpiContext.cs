using Detect.Config;
using static TorchSharp.torch;
using Mpi = MPI.Unsafe;

namespace Detect.Distributed;

/// <summary>
/// The MPI distributed context (<c>--launcher mpi</c>, processes started by <c>mpiexec -n N</c>): MPI.NET's
/// environment over MPICH, collectives on <c>MPI_COMM_WORLD</c>. CPU tensors are reduced in place from their
/// own memory; tensors on another device are staged through a host copy (<see cref="HostStaging"/>).
/// </summary>
public sealed class MpiContext : IDistributedContext
{
    readonly MPI.Environment environment;
    readonly MPI.Intracommunicator world;

    /// <summary>Initialises MPI (MPI_Init_thread); throws when the process was not started by MPICH's <c>mpiexec</c>.</summary>
    public MpiContext()
    {
        if (Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_RANK") is not null)
            throw new ConfigurationException("--launcher mpi: this process was started by Open MPI's mpirun; Detect's MPI launcher runs on MPICH: start it with mpiexec.mpich (docs/distributed.md).");
        MpichLibrary.Register();
        var args = Array.Empty<string>();
        environment = new MPI.Environment(ref args, MPI.Threading.Serialized);
        world = MPI.Communicator.world;
    }

    /// <inheritdoc />
    public int Rank => world.Rank;

    /// <inheritdoc />
    public int WorldSize => world.Size;

    /// <inheritdoc />
    public void AllReduceSum(IReadOnlyList<Tensor> tensors)
    {
        foreach (var t in tensors)
            using (var host = HostStaging.Stage(t))
            {
                int datatype = t.dtype switch
                {
                    ScalarType.Float32 => Mpi.MPI_FLOAT,
                    ScalarType.Float64 => Mpi.MPI_DOUBLE,
                    _ => throw new ArgumentException($"all-reduce supports float32 and float64 tensors, not {t.dtype}."),
                };
                host.Call((ptr, _) => Check(Mpi.MPI_Allreduce(InPlace, ptr, (int)t.numel(), datatype, Mpi.MPI_SUM, Mpi.MPI_COMM_WORLD), "MPI_Allreduce"));
            }
    }

    /// <inheritdoc />
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root = 0)
    {
        foreach (var t in tensors)
            using (var host = HostStaging.Stage(t))
                host.Call((ptr, bytes) => Check(Mpi.MPI_Bcast(ptr, bytes, Mpi.MPI_BYTE, root, Mpi.MPI_COMM_WORLD), "MPI_Bcast"));
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]>? Gather(byte[] bytes, int root = 0)
    {
        int[] counts = world.Allgather(bytes.Length);
        byte[] all = world.GatherFlattened(bytes, counts, root);
        if (Rank != root) return null;
        var parts = new List<byte[]>(counts.Length);
        int offset = 0;
        foreach (int count in counts)
        {
            parts.Add(all.AsSpan(offset, count).ToArray());
            offset += count;
        }
        return parts;
    }

    /// <inheritdoc />
    public void Barrier() => world.Barrier();

    /// <inheritdoc />
    public void Abort(Exception error)
    {
        Console.Error.WriteLine($"rank {Rank} of {WorldSize} failed: {error.GetType().Name}: {error.Message}; aborting every rank (MPI_Abort).");
        Console.Error.Flush();
        // MPI_Abort tears the job down at once; MPICH's proxy forwards a rank's stderr asynchronously and lost this
        // message in one CI run. Half a second lets it through; the world ends well within the promised bound anyway.
        Thread.Sleep(500);
        world.Abort(1);
    }

    /// <inheritdoc />
    public void Dispose() => environment.Dispose();

    // MPI_IN_PLACE of MPICH and MS-MPI: (void*)-1.
    static readonly IntPtr InPlace = new(-1);

    static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error {code}.");
    }
}
