namespace Detect.Evaluation;

/// <summary>
/// pycocotools' per-image, per-category evaluation record (<c>evaluateImg</c>'s dict) for every area
/// range at once: detections by descending score, and for each area range and IoU threshold whether
/// each detection matched and whether it is ignored.
/// </summary>
internal sealed class ImageEval(double[] scores, byte[] flags, int[] nonIgnoredGt)
{
    /// <summary>Bit set in <see cref="Flags"/> when the detection matched a ground truth (pycocotools' <c>dtMatches != 0</c>).</summary>
    public const byte Matched = 1;

    /// <summary>Bit set in <see cref="Flags"/> when the detection is ignored (<c>dtIgnore</c>).</summary>
    public const byte Ignored = 2;

    /// <summary>Detection scores, highest first, at most maxDets[−1].</summary>
    public double[] Scores { get; } = scores;

    /// <summary><c>Flags[(a · D + d) · T + t]</c> for area range a, detection d and threshold t (a detection's thresholds side by side).</summary>
    public byte[] Flags { get; } = flags;

    /// <summary>Per area range: ground truths that are not ignored (<c>gtIgnore == 0</c>).</summary>
    public int[] NonIgnoredGt { get; } = nonIgnoredGt;

    /// <summary>Number of detections.</summary>
    public int Count => Scores.Length;
}
