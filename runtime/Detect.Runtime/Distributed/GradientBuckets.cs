using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace Detect.Distributed;

/// <summary>
/// Averages gradients over ranks the way PyTorch's <c>DistributedDataParallel</c> does: parameters are
/// grouped, in reverse registration order (roughly the order backward finishes them), into buckets of at
/// most <see cref="BucketBytes"/> bytes of one dtype; each bucket's gradients are copied into one contiguous
/// flat buffer, all-reduced in one call, divided by the world size and copied back. One collective per
/// bucket instead of one per parameter. The all-reduce runs after backward: TorchSharp 0.107 exposes no
/// per-tensor gradient hook (<c>Tensor.register_hook</c>), so it cannot start while backward still runs.
/// </summary>
public sealed class GradientBuckets
{
    /// <summary>DDP's default <c>bucket_cap_mb</c>: 25 MiB.</summary>
    public const long DefaultBucketBytes = 25L * 1024 * 1024;

    readonly List<Parameter[]> buckets;

    /// <summary>Plans the buckets over <paramref name="parameters"/> (those with <c>requires_grad</c>).</summary>
    public GradientBuckets(IEnumerable<Parameter> parameters, long bucketBytes = DefaultBucketBytes)
    {
        BucketBytes = bucketBytes;
        buckets = Plan(parameters.Where(p => p.requires_grad).Reverse().ToList(), bucketBytes);
    }

    /// <summary>Most bytes of one bucket (a larger parameter gets a bucket of its own).</summary>
    public long BucketBytes { get; }

    /// <summary>The planned buckets, each a list of parameters.</summary>
    public IReadOnlyList<IReadOnlyList<Parameter>> Buckets => buckets;

    /// <summary>Replaces every gradient by its mean over the ranks of <paramref name="context"/>; a missing gradient counts as zeros.</summary>
    public void AllReduceMean(IDistributedContext context)
    {
        if (context.WorldSize == 1) return;
        foreach (var bucket in buckets)
        {
            using var scope = NewDisposeScope();
            using var flat = Flatten(bucket);
            context.AllReduceSum([flat]);
            using var worldSize = tensor((double)context.WorldSize, flat.dtype);
            flat.div_(worldSize);
            Unflatten(flat, bucket);
        }
    }

    /// <summary>The bucket's gradients (zeros where a parameter has none) in one contiguous buffer.</summary>
    public static Tensor Flatten(IReadOnlyList<Parameter> bucket) =>
        cat(bucket.Select(p => p.grad is { } g ? g.reshape(-1) : zeros(p.numel(), p.dtype, p.device)).ToList(), 0);

    /// <summary>Copies <paramref name="flat"/> back into the bucket's gradients (creating missing ones).</summary>
    public static void Unflatten(Tensor flat, IReadOnlyList<Parameter> bucket)
    {
        long offset = 0;
        foreach (var p in bucket)
        {
            using var part = flat.narrow(0, offset, p.numel()).view(p.shape);
            if (p.grad is { } g) g.copy_(part);
            else p.grad = part.clone().DetachFromDisposeScope();
            offset += p.numel();
        }
    }

    static List<Parameter[]> Plan(List<Parameter> parameters, long bucketBytes)
    {
        var planned = new List<Parameter[]>();
        var current = new List<Parameter>();
        long bytes = 0;
        foreach (var p in parameters)
        {
            long size = p.numel() * p.element_size();
            bool full = current.Count > 0 && (bytes + size > bucketBytes || current[0].dtype != p.dtype);
            if (full) { planned.Add([.. current]); current.Clear(); bytes = 0; }
            current.Add(p);
            bytes += size;
        }
        if (current.Count > 0) planned.Add([.. current]);
        return planned;
    }
}
