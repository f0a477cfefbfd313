namespace Detect.Ops;

/// <summary>What <see cref="BoxIou"/> divides the intersection of two boxes by.</summary>
public enum IouMode
{
    /// <summary>Intersection over union.</summary>
    Iou,

    /// <summary>Intersection over the area of the first box (MMDetection's <c>iof</c>, "intersection over foreground").</summary>
    Iof,

    /// <summary>Generalized IoU: IoU − (enclosing area − union) / enclosing area, in [−1, 1].</summary>
    GIou,
}
