using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// RoIAlign forward and backward on CPU memory, with torchvision's arithmetic (see <see cref="RoIBins{T}"/>).
/// </summary>
/// <remarks>
/// Forward runs RoIs in parallel: each writes only its own output rows, and sums its samples in
/// torchvision's order, so float32 results are bit-identical to torchvision's. Backward runs channels
/// in parallel: every channel plane of the input gradient is owned by one worker, which adds the RoIs'
/// contributions in torchvision's order (RoI, bin, sample) — deterministic and again bit-identical.
/// Both use <c>torch.get_num_threads()</c> workers.
/// </remarks>
internal static unsafe class RoIAlignCpuKernel
{
    /// <summary>K×C×outH×outW pooled features; <paramref name="features"/> contiguous N×C×H×W, <paramref name="rois"/> contiguous K×5 of the same dtype.</summary>
    public static Tensor Forward(Tensor features, Tensor rois, RoIAlignArgs args)
    {
        long k = rois.shape[0], c = features.shape[1];
        var output = zeros([k, c, args.OutputHeight, args.OutputWidth], dtype: features.dtype);
        if (output.numel() == 0) return output;
        var layout = new PlaneLayout(features.shape, args);
        if (features.dtype == ScalarType.Float32)
            Forward(TensorMemory.Pointer<float>(features), TensorMemory.Pointer<float>(rois), TensorMemory.Pointer<float>(output), (int)k, layout, args);
        else
            Forward(TensorMemory.Pointer<double>(features), TensorMemory.Pointer<double>(rois), TensorMemory.Pointer<double>(output), (int)k, layout, args);
        GC.KeepAlive(features);
        GC.KeepAlive(rois);
        return output;
    }

    /// <summary>Gradient with respect to the N×C×H×W features, from the K×C×outH×outW <paramref name="gradOutput"/>.</summary>
    public static Tensor Backward(Tensor gradOutput, Tensor rois, long[] featureShape, RoIAlignArgs args)
    {
        var gradInput = zeros(featureShape, dtype: gradOutput.dtype);
        if (gradOutput.numel() == 0) return gradInput;
        var grad = gradOutput.contiguous();
        var layout = new PlaneLayout(featureShape, args);
        int k = (int)rois.shape[0];
        if (grad.dtype == ScalarType.Float32)
            Backward(TensorMemory.Pointer<float>(grad), TensorMemory.Pointer<float>(rois), TensorMemory.Pointer<float>(gradInput), k, layout, args);
        else
            Backward(TensorMemory.Pointer<double>(grad), TensorMemory.Pointer<double>(rois), TensorMemory.Pointer<double>(gradInput), k, layout, args);
        GC.KeepAlive(grad);
        GC.KeepAlive(rois);
        return gradInput;
    }

    static void Forward<T>(T* input, T* rois, T* output, int k, PlaneLayout layout, RoIAlignArgs args)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bins = LayOut<T>(rois, k, args);
        var inputAddress = (nint)input;
        var outputAddress = (nint)output;
        Parallel.For(0, k, Workers(), n =>
        {
            int perBin = bins[n].PointsPerBin;
            var points = ArrayPool<SamplePoint<T>>.Shared.Rent(layout.BinsPerPlane * perBin);
            bins[n].Fill(points, args.OutputHeight, args.OutputWidth, layout.Height, layout.Width);
            T divisor = T.CreateTruncating(Math.Max(perBin, 1));
            T* planes = (T*)inputAddress + (long)bins[n].Batch * layout.Channels * layout.PlaneSize;
            T* pooled = (T*)outputAddress + (long)n * layout.Channels * layout.BinsPerPlane;
            // Four channels at a time: four independent sums per sampling point keep the CPU busy
            // (one sum alone is a chain of dependent additions). The last block repeats its last
            // channel where fewer than four remain; repeats write the same value twice.
            for (int c = 0; c < layout.Channels; c += 4)
            {
                int c1 = Math.Min(c + 1, layout.Channels - 1), c2 = Math.Min(c + 2, layout.Channels - 1), c3 = Math.Min(c + 3, layout.Channels - 1);
                T* p0 = planes + c * layout.PlaneSize, p1 = planes + c1 * layout.PlaneSize;
                T* p2 = planes + c2 * layout.PlaneSize, p3 = planes + c3 * layout.PlaneSize;
                int p = 0;
                for (int bin = 0; bin < layout.BinsPerPlane; bin++)
                {
                    T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                    for (int s = 0; s < perBin; s++, p++)
                    {
                        ref readonly var pt = ref points[p];
                        s0 += Sample(pt, p0);
                        s1 += Sample(pt, p1);
                        s2 += Sample(pt, p2);
                        s3 += Sample(pt, p3);
                    }
                    pooled[c * layout.BinsPerPlane + bin] = s0 / divisor;
                    pooled[c1 * layout.BinsPerPlane + bin] = s1 / divisor;
                    pooled[c2 * layout.BinsPerPlane + bin] = s2 / divisor;
                    pooled[c3 * layout.BinsPerPlane + bin] = s3 / divisor;
                }
            }
            ArrayPool<SamplePoint<T>>.Shared.Return(points);
        });
    }

    /// <summary>One bilinear sample of a channel plane, summed in torchvision's order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static T Sample<T>(in SamplePoint<T> pt, T* plane) where T : unmanaged, IFloatingPointIeee754<T> =>
        pt.W1 * plane[pt.Pos1] + pt.W2 * plane[pt.Pos2] + pt.W3 * plane[pt.Pos3] + pt.W4 * plane[pt.Pos4];

    /// <summary>Bins of every RoI, computed up front so that a corrupt RoI throws before any worker starts.</summary>
    static RoIBins<T>[] LayOut<T>(T* rois, int k, RoIAlignArgs args) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bins = new RoIBins<T>[k];
        var span = new ReadOnlySpan<T>(rois, k * 5);
        for (int n = 0; n < k; n++) bins[n] = new RoIBins<T>(span, n, args);
        return bins;
    }

    static void Backward<T>(T* grad, T* rois, T* gradInput, int k, PlaneLayout layout, RoIAlignArgs args)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Sampling points of all RoIs, computed once and shared by the channel workers.
        var bins = LayOut<T>(rois, k, args);
        var firstPoint = new int[k + 1];
        for (int n = 0; n < k; n++)
            firstPoint[n + 1] = checked(firstPoint[n] + layout.BinsPerPlane * bins[n].PointsPerBin);
        var points = new SamplePoint<T>[firstPoint[k]];
        for (int n = 0; n < k; n++)
            bins[n].Fill(points.AsSpan(firstPoint[n]), args.OutputHeight, args.OutputWidth, layout.Height, layout.Width);

        var gradAddress = (nint)grad;
        var gradInputAddress = (nint)gradInput;
        Parallel.For(0, layout.Channels, Workers(), c =>
        {
            for (int n = 0; n < k; n++)
            {
                int perBin = bins[n].PointsPerBin;
                T divisor = T.CreateTruncating(perBin);
                T* plane = (T*)gradInputAddress + ((long)bins[n].Batch * layout.Channels + c) * layout.PlaneSize;
                T* pooledGrad = (T*)gradAddress + ((long)n * layout.Channels + c) * layout.BinsPerPlane;
                int p = firstPoint[n];
                for (int bin = 0; bin < layout.BinsPerPlane; bin++)
                {
                    T g = pooledGrad[bin];
                    for (int s = 0; s < perBin; s++, p++)
                    {
                        ref readonly var pt = ref points[p];
                        if (!pt.Valid) continue;
                        plane[pt.Pos1] += g * pt.W1 / divisor;
                        plane[pt.Pos2] += g * pt.W2 / divisor;
                        plane[pt.Pos3] += g * pt.W3 / divisor;
                        plane[pt.Pos4] += g * pt.W4 / divisor;
                    }
                }
            }
        });
    }

    static ParallelOptions Workers() => new() { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) };

    /// <summary>Sizes of one feature map and of one pooled output, per channel.</summary>
    readonly record struct PlaneLayout(int Channels, int Height, int Width, int BinsPerPlane)
    {
        public PlaneLayout(long[] featureShape, RoIAlignArgs args)
            : this((int)featureShape[1], (int)featureShape[2], (int)featureShape[3], args.OutputHeight * args.OutputWidth) { }

        public long PlaneSize => (long)Height * Width;
    }
}
