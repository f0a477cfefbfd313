using System.Buffers;
using Detect.Masks;

namespace Detect.Evaluation;

/// <summary>
/// pycocotools' <c>computeIoU</c> + <c>evaluateImg</c> for one image and category (or one image, all
/// categories, when class-agnostic), all area ranges in one pass over the IoU matrix.
/// </summary>
internal sealed class ImageEvaluator
{
    private readonly EvalObject[] _gt;
    private readonly EvalObject[] _dt;
    private readonly Rle[]? _gtMasks;
    private readonly Rle[]? _dtMasks;
    private readonly double[] _dtScores;
    private readonly double[] _iouThrs;
    private readonly AreaRange[] _areas;
    private readonly int _maxDet;

    public ImageEvaluator(EvalSide gt, EvalSide dt, CocoEvalParams p, IReadOnlyList<int> maxDets)
    {
        _gt = gt.Objects;
        _dt = dt.Objects;
        if (p.IouType == IouType.Segm)
        {
            _gtMasks = gt.Masks;
            _dtMasks = dt.Masks;
        }
        _dtScores = _dt.Select(d => d.Score).ToArray();
        _iouThrs = [.. p.IouThrs];
        _areas = [.. p.AreaRanges];
        _maxDet = maxDets[^1];
    }

    public ImageEval? Evaluate(ReadOnlySpan<int> gts, ReadOnlySpan<int> dts)
    {
        if (gts.IsEmpty && dts.IsEmpty) return null;
        int G = gts.Length, D = Math.Min(dts.Length, _maxDet), T = _iouThrs.Length, A = _areas.Length;
        // Scratch space comes from the shared pool: this runs once per image and category.
        var pool = ArrayPool<int>.Shared;
        int[] sorted = pool.Rent(dts.Length), order = pool.Rent(G), dtMatch = pool.Rent(T * D);
        bool[] ignore = ArrayPool<bool>.Shared.Rent(G), gtMatched = ArrayPool<bool>.Shared.Rent(T * G);
        double[] ious = ArrayPool<double>.Shared.Rent(D * G);
        try
        {
            dts.CopyTo(sorted);
            ScoreOrder.SortDescending(sorted.AsSpan(0, dts.Length), _dtScores);
            var dt = sorted.AsSpan(0, D);
            ComputeIou(gts, dt, ious);
            var scores = new double[D];
            for (int d = 0; d < D; d++) scores[d] = _dt[dt[d]].Score;
            var flags = new byte[A * D * T];
            var nonIgnored = new int[A];
            for (int a = 0; a < A; a++)
            {
                var range = _areas[a];
                // _ignore: crowd, or area outside the inclusive range; then ignored ground truths go last (stable).
                int n = 0;
                for (int g = 0; g < G; g++)
                {
                    ref readonly var o = ref _gt[gts[g]];
                    ignore[g] = o.IsCrowd || o.Area < range.Min || o.Area > range.Max;
                    if (!ignore[g]) order[n++] = g;
                }
                nonIgnored[a] = n;
                for (int g = 0; g < G; g++) if (ignore[g]) order[n++] = g;
                Match(gts, ious, D, order, ignore, gtMatched, dtMatch);
                Flag(gts, dt, order, ignore, dtMatch, range, flags.AsSpan(a * D * T, D * T));
            }
            return new ImageEval(scores, flags, nonIgnored);
        }
        finally
        {
            pool.Return(sorted);
            pool.Return(order);
            pool.Return(dtMatch);
            ArrayPool<bool>.Shared.Return(ignore);
            ArrayPool<bool>.Shared.Return(gtMatched);
            ArrayPool<double>.Shared.Return(ious);
        }
    }

    /// <summary>
    /// Greedy matching per threshold, as pycocotools: each detection (best score first) takes the
    /// ground truth of highest IoU ≥ the threshold that is unmatched (crowds may match again), never
    /// leaving a regular match for an ignored one, the later of equal IoUs winning.
    /// </summary>
    private void Match(ReadOnlySpan<int> gts, double[] ious, int D, int[] order, bool[] ignore, bool[] gtMatched, int[] dtMatch)
    {
        int G = gts.Length;
        gtMatched.AsSpan(0, _iouThrs.Length * G).Clear();
        dtMatch.AsSpan(0, _iouThrs.Length * D).Fill(-1);
        if (G == 0 || D == 0) return;
        for (int t = 0; t < _iouThrs.Length; t++)
        {
            for (int d = 0; d < D; d++)
            {
                double iou = Math.Min(_iouThrs[t], 1 - 1e-10);
                int m = -1;
                for (int j = 0; j < G; j++)
                {
                    int g = order[j];
                    if (gtMatched[t * G + j] && !_gt[gts[g]].IsCrowd) continue;
                    if (m > -1 && !ignore[order[m]] && ignore[g]) break;
                    double value = ious[d * G + g];
                    if (value < iou) continue;
                    iou = value;
                    m = j;
                }
                if (m == -1) continue;
                dtMatch[t * D + d] = m;
                gtMatched[t * G + m] = true;
            }
        }
    }

    /// <summary>
    /// dtMatches/dtIgnore as flags. pycocotools stores the matched ground truth's id and tests it
    /// against 0, so a match to an annotation whose id is 0 counts as no match; kept for identical numbers.
    /// </summary>
    private void Flag(ReadOnlySpan<int> gts, ReadOnlySpan<int> dt, int[] order, bool[] ignore, int[] dtMatch, AreaRange range, Span<byte> flags)
    {
        int D = dt.Length;
        for (int t = 0; t < _iouThrs.Length; t++)
        {
            for (int d = 0; d < D; d++)
            {
                int m = dtMatch[t * D + d];
                bool matched = m >= 0 && _gt[gts[order[m]]].Id != 0;
                bool ignored = m >= 0 && ignore[order[m]];
                if (!matched)
                {
                    double area = _dt[dt[d]].Area;
                    ignored |= area < range.Min || area > range.Max;
                }
                flags[d * _iouThrs.Length + t] = (byte)((matched ? ImageEval.Matched : 0) | (ignored ? ImageEval.Ignored : 0));
            }
        }
    }

    /// <summary>IoU [detection, ground truth] in the ground truths' original order (pycocotools' <c>maskUtils.iou(d, g, iscrowd)</c>).</summary>
    private void ComputeIou(ReadOnlySpan<int> gts, ReadOnlySpan<int> dt, double[] ious)
    {
        int G = gts.Length, D = dt.Length;
        if (G == 0 || D == 0) return;
        if (_gtMasks is not null)
        {
            var dtRles = new Rle[D];
            var gtRles = new Rle[G];
            var crowd = new bool[G];
            for (int d = 0; d < D; d++) dtRles[d] = _dtMasks![dt[d]];
            for (int g = 0; g < G; g++) (gtRles[g], crowd[g]) = (_gtMasks[gts[g]], _gt[gts[g]].IsCrowd);
            var matrix = MaskIou.RleIou(dtRles, gtRles, crowd);
            for (int d = 0; d < D; d++)
                for (int g = 0; g < G; g++) ious[d * G + g] = matrix[d, g];
            return;
        }
        for (int d = 0; d < D; d++)
        {
            ref readonly var o = ref _dt[dt[d]];
            for (int g = 0; g < G; g++)
            {
                ref readonly var q = ref _gt[gts[g]];
                ious[d * G + g] = MaskIou.BoxIou(o.X, o.Y, o.W, o.H, q.X, q.Y, q.W, q.H, q.IsCrowd);
            }
        }
    }
}
