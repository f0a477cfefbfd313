using System.Globalization;

namespace Detect.Evaluation;

/// <summary>
/// pycocotools' <c>summarize()</c>: which slice of the accumulated arrays each of the 12 numbers
/// averages, and how it prints.
/// </summary>
internal static class CocoSummary
{
    /// <summary>One summary number: AP or AR, at one IoU (null = all), area range label and maxDets.</summary>
    public sealed record Line(bool Ap, double? IouThr, string Area, int MaxDets);

    /// <summary>The 12 lines of <c>_summarizeDets</c>: AP at maxDets 100, the others at maxDets[2].</summary>
    public static IReadOnlyList<Line> Lines(CocoEvalParams p)
    {
        int m0 = p.MaxDets[0], m1 = p.MaxDets.Count > 1 ? p.MaxDets[1] : -1, m2 = p.MaxDets.Count > 2 ? p.MaxDets[2] : -1;
        return
        [
            new(true, null, "all", 100), new(true, .5, "all", m2), new(true, .75, "all", m2),
            new(true, null, "small", m2), new(true, null, "medium", m2), new(true, null, "large", m2),
            new(false, null, "all", m0), new(false, null, "all", m1), new(false, null, "all", m2),
            new(false, null, "small", m2), new(false, null, "medium", m2), new(false, null, "large", m2),
        ];
    }

    /// <summary>
    /// MMDetection's names for the 12 numbers (its <c>coco_metric_names</c>, with the maxDets actually
    /// used): mAP, mAP_50, mAP_75, mAP_s, mAP_m, mAP_l, AR@m0, AR@m1, AR@m2, AR_s@m2, AR_m@m2, AR_l@m2.
    /// </summary>
    public static IReadOnlyList<string> Names(CocoEvalParams p) => Lines(p).Select((line, i) => i switch
    {
        0 => "mAP",
        1 => "mAP_50",
        2 => "mAP_75",
        < 6 => $"mAP_{line.Area[0]}",
        < 9 => $"AR@{line.MaxDets}",
        _ => $"AR_{line.Area[0]}@{line.MaxDets}",
    }).ToList();

    /// <summary>
    /// The mean of the selected values that are not −1 (numpy's mean, summed in the array's C order),
    /// or −1 when there are none. An IoU threshold or maxDets absent from the parameters selects nothing.
    /// </summary>
    public static double Value(CocoEvalResult result, Line line)
    {
        var p = result.Params;
        var x = result.Arrays;
        int[] ts = line.IouThr is { } thr ? Enumerable.Range(0, x.T).Where(t => p.IouThrs[t] == thr).ToArray() : Enumerable.Range(0, x.T).ToArray();
        int[] areas = Enumerable.Range(0, x.A).Where(a => p.AreaRanges[a].Label == line.Area).ToArray();
        int[] ms = Enumerable.Range(0, x.M).Where(m => p.MaxDets[m] == line.MaxDets).ToArray();
        var values = new List<double>();
        foreach (int t in ts)
        {
            if (line.Ap)
            {
                for (int r = 0; r < x.R; r++)
                    for (int k = 0; k < x.K; k++)
                        foreach (int a in areas)
                            foreach (int m in ms) values.Add(x.Precision(t, r, k, a, m));
            }
            else
            {
                for (int k = 0; k < x.K; k++)
                    foreach (int a in areas)
                        foreach (int m in ms) values.Add(x.Recall(t, k, a, m));
            }
        }
        values.RemoveAll(v => !(v > -1));
        return values.Count == 0 ? -1 : NumpyMath.Mean(values.ToArray());
    }

    /// <summary>What a line measures, e.g. "Average Precision (AP) @[ IoU=0.50:0.95 | area=all | maxDets=100 ]".</summary>
    public static string Describe(CocoEvalParams p, Line line)
    {
        var inv = CultureInfo.InvariantCulture;
        string iou = line.IouThr is { } thr ? thr.ToString("F2", inv) : $"{p.IouThrs[0].ToString("F2", inv)}:{p.IouThrs[^1].ToString("F2", inv)}";
        return $"{(line.Ap ? "Average Precision (AP)" : "Average Recall (AR)")} @[ IoU={iou} | area={line.Area} | maxDets={line.MaxDets} ]";
    }

    /// <summary>A line as pycocotools prints it, e.g. " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.370".</summary>
    public static string Format(CocoEvalParams p, Line line, double value)
    {
        // "F" formatting rounds the exact binary value half-to-even, as Python's format does.
        var inv = CultureInfo.InvariantCulture;
        string title = line.Ap ? "Average Precision" : "Average Recall";
        string type = line.Ap ? "(AP)" : "(AR)";
        string iou = line.IouThr is { } thr ? thr.ToString("F2", inv) : $"{p.IouThrs[0].ToString("F2", inv)}:{p.IouThrs[^1].ToString("F2", inv)}";
        return string.Format(inv, " {0,-18} {1} @[ IoU={2,-9} | area={3,6} | maxDets={4,3} ] = {5}", title, type, iou, line.Area, line.MaxDets, value.ToString("F3", inv));
    }
}
