namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// A half-open IoU interval [Low, High). MMDetection's <c>neg_iou_thr</c> is either a number t,
/// meaning [0, t), or a (low, high) pair; both convert implicitly: <c>negIouThr: 0.4</c> or <c>negIouThr: (0.1, 0.5)</c>.
/// </summary>
public readonly record struct IouRange(double Low, double High)
{
    /// <summary>[0, <paramref name="high"/>).</summary>
    public static implicit operator IouRange(double high) => new(0, high);

    /// <summary>[low, high).</summary>
    public static implicit operator IouRange((double Low, double High) range) => new(range.Low, range.High);
}
