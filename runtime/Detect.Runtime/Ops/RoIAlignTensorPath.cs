using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// RoIAlign made of tensor ops, for any device and dtype; its gradient comes from autograd.
/// </summary>
/// <remarks>
/// <para>The sampling grid is separable: y positions depend on (RoI, bin row, sample row) and x positions
/// on (RoI, bin column, sample column), so each axis is computed once as a small tensor and the four
/// bilinear corners are their outer products. The feature map is read channels-last, so gathering one
/// sampling point copies C contiguous values.</para>
/// <para>With adaptive sampling the grid size differs per RoI: RoIs are sorted by grid size and pooled in
/// chunks padded to the chunk's largest grid (padding masked to zero), each chunk bounded to about
/// <see cref="ChunkElements"/> gathered values so memory stays flat for any number of RoIs.</para>
/// </remarks>
internal static class RoIAlignTensorPath
{
    const long ChunkElements = 1L << 24;

    public static Tensor Forward(Tensor features, Tensor rois, RoIAlignArgs args)
    {
        using var scope = NewDisposeScope();
        long batch = features.shape[0], channels = features.shape[1], height = features.shape[2], width = features.shape[3];
        int k = (int)rois.shape[0];
        if (k == 0 || channels == 0)
        {
            // Nothing to pool; still part of the graph (as torchvision's empty output is), with a zero gradient.
            return features.sum().mul(Scalars.Zero).expand(k, channels, args.OutputHeight, args.OutputWidth).contiguous()
                .MoveToOuterDisposeScope();
        }

        var roiAxes = RoIAxes.Of(rois, args);
        // Channels-last table: row (b·H + y)·W + x holds the C values of one pixel.
        var table = features.permute(0, 2, 3, 1).reshape(batch * height * width, channels);
        var pooled = new List<Tensor>();
        var order = new List<long>();
        foreach (long[] chunk in Chunks(roiAxes, args, channels))
        {
            pooled.Add(PoolChunk(table, roiAxes, tensor(chunk, device: features.device), args, height, width));
            order.AddRange(chunk);
        }
        // Back from chunk order to RoI order.
        var inverse = tensor(order.ToArray(), device: features.device).argsort();
        return cat(pooled, 0).index_select(0, inverse).MoveToOuterDisposeScope();
    }

    /// <summary>RoI indices grouped so that (RoIs × padded samples × C) stays near <see cref="ChunkElements"/>.</summary>
    static IEnumerable<long[]> Chunks(RoIAxes axes, RoIAlignArgs args, long channels)
    {
        var bySize = Enumerable.Range(0, axes.GridH.Length).OrderBy(n => (long)axes.GridH[n] * axes.GridW[n]).ToArray();
        var chunk = new List<long>();
        int maxH = 0, maxW = 0;
        foreach (int n in bySize)
        {
            int h = Math.Max(maxH, axes.GridH[n]), w = Math.Max(maxW, axes.GridW[n]);
            long size = (chunk.Count + 1L) * args.OutputHeight * args.OutputWidth * Math.Max(h, 1) * Math.Max(w, 1) * channels;
            if (chunk.Count > 0 && size > ChunkElements)
            {
                yield return chunk.ToArray();
                chunk.Clear();
                (h, w) = (axes.GridH[n], axes.GridW[n]);
            }
            chunk.Add(n);
            (maxH, maxW) = (h, w);
        }
        if (chunk.Count > 0) yield return chunk.ToArray();
    }

    /// <summary>Pools the RoIs <paramref name="ids"/>: kc×C×outH×outW.</summary>
    static Tensor PoolChunk(Tensor table, RoIAxes axes, Tensor ids, RoIAlignArgs args, long height, long width)
    {
        long[] rois = TensorValues.ToArray<long>(ids);
        int gridH = Math.Max(1, rois.Select(n => axes.GridH[n]).DefaultIfEmpty().Max());
        int gridW = Math.Max(1, rois.Select(n => axes.GridW[n]).DefaultIfEmpty().Max());
        var ys = axes.Y.Sample(ids, args.OutputHeight, gridH, height);   // kc×outH×gridH
        var xs = axes.X.Sample(ids, args.OutputWidth, gridW, width);     // kc×outW×gridW
        long kc = ids.shape[0], channels = table.shape[1];
        using var imageRows = (height * width).ToScalar();
        using var rowLength = width.ToScalar();
        var rowBase = axes.Batch.index_select(0, ids).mul(imageRows).view(kc, 1, 1, 1, 1);

        Tensor? sum = null;
        foreach (var (yIndex, yWeight) in new[] { (ys.Low, ys.LowWeight), (ys.High, ys.HighWeight) })
        foreach (var (xIndex, xWeight) in new[] { (xs.Low, xs.LowWeight), (xs.High, xs.HighWeight) })
        {
            // kc×outH×gridH×outW×gridW: corner pixel of every sampling point, and its bilinear weight.
            var rows = rowBase.add(yIndex.view(kc, args.OutputHeight, gridH, 1, 1).mul(rowLength), Scalars.One)
                .add(xIndex.view(kc, 1, 1, args.OutputWidth, gridW), Scalars.One);
            var weight = yWeight.view(kc, args.OutputHeight, gridH, 1, 1) * xWeight.view(kc, 1, 1, args.OutputWidth, gridW);
            var values = table.index_select(0, rows.flatten()).view(kc, args.OutputHeight, gridH, args.OutputWidth, gridW, channels);
            var corner = (values * weight.unsqueeze(-1)).sum([2, 4]);
            sum = sum is null ? corner : sum.add(corner, Scalars.One);
        }
        var count = axes.Count.index_select(0, ids).view(kc, 1, 1, 1);
        return (sum! / count).permute(0, 3, 1, 2);
    }
}
