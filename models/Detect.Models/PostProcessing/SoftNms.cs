using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.PostProcessing;

/// <summary>
/// MMCV's <c>soft_nms</c> (its CPU kernel <c>softnms_cpu</c>, offset 0), in float32 as MMCV computes it: repeatedly the
/// remaining box with the highest current score is kept, and every box still remaining has its score multiplied by the
/// method's weight of its IoU with the kept box; a box whose score drops below <c>min_score</c> is removed at once (its
/// place taken by the last remaining box, as MMCV does, so ties among the rest resolve as in MMCV).
/// </summary>
public static class SoftNms
{
    /// <summary>Indices of the kept boxes (int64) in the order they were kept, and their lowered scores (float32).</summary>
    /// <param name="boxes">N×4 xyxy boxes (computed on the CPU in float32; results return to the boxes' device).</param>
    /// <param name="scores">N scores.</param>
    /// <param name="cfg">The soft-NMS settings.</param>
    public static (Tensor Keep, Tensor Scores) Apply(Tensor boxes, Tensor scores, SoftNmsSettings cfg)
    {
        int n = (int)boxes.shape[0];
        var device = boxes.device;
        if (n == 0) return (empty(0, dtype: ScalarType.Int64, device: device), empty(0, dtype: ScalarType.Float32, device: device));
        float[] coordinates = boxes.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        float[] sc = scores.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        var x1 = new float[n]; var y1 = new float[n]; var x2 = new float[n]; var y2 = new float[n]; var areas = new float[n];
        var inds = new long[n];
        for (int i = 0; i < n; i++)
        {
            (x1[i], y1[i], x2[i], y2[i]) = (coordinates[4 * i], coordinates[4 * i + 1], coordinates[4 * i + 2], coordinates[4 * i + 3]);
            areas[i] = (x2[i] - x1[i]) * (y2[i] - y1[i]);
            inds[i] = i;
        }
        float threshold = (float)cfg.IouThreshold, sigma = (float)cfg.Sigma, minScore = (float)cfg.MinScore;
        int count = n;
        for (int i = 0; i < count; i++)
        {
            int best = i;
            for (int p = i + 1; p < count; p++) if (sc[best] < sc[p]) best = p;
            Swap(i, best);
            for (int p = i + 1; p < count; p++)
            {
                float w = Math.Max(0f, Math.Min(x2[i], x2[p]) - Math.Max(x1[i], x1[p]));
                float h = Math.Max(0f, Math.Min(y2[i], y2[p]) - Math.Max(y1[i], y1[p]));
                float inter = w * h;
                float iou = inter / (areas[i] + areas[p] - inter);
                sc[p] *= Weight(iou, cfg.Method, threshold, sigma);
                if (sc[p] < minScore)
                {
                    count--;
                    Move(count, p);
                    p--;
                }
            }
        }
        return (tensor(inds[..count], dtype: ScalarType.Int64).to(device), tensor(sc[..count]).to(device));

        void Swap(int a, int b)
        {
            (x1[a], x1[b]) = (x1[b], x1[a]); (y1[a], y1[b]) = (y1[b], y1[a]);
            (x2[a], x2[b]) = (x2[b], x2[a]); (y2[a], y2[b]) = (y2[b], y2[a]);
            (sc[a], sc[b]) = (sc[b], sc[a]); (areas[a], areas[b]) = (areas[b], areas[a]); (inds[a], inds[b]) = (inds[b], inds[a]);
        }

        void Move(int from, int to)
        {
            (x1[to], y1[to], x2[to], y2[to]) = (x1[from], y1[from], x2[from], y2[from]);
            (sc[to], areas[to], inds[to]) = (sc[from], areas[from], inds[from]);
        }
    }

    /// <summary>The factor a remaining box's score is multiplied by, for its IoU with the box just kept.</summary>
    static float Weight(float iou, SoftNmsMethod method, float threshold, float sigma) => method switch
    {
        SoftNmsMethod.Naive => iou >= threshold ? 0f : 1f,
        SoftNmsMethod.Linear => iou >= threshold ? 1f - iou : 1f,
        _ => MathF.Exp(-(iou * iou) / sigma),
    };
}
