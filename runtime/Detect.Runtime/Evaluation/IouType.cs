namespace Detect.Evaluation;

/// <summary>What COCO evaluation overlaps: boxes or masks (pycocotools' <c>iouType</c>).</summary>
public enum IouType
{
    /// <summary>Box IoU on [x, y, w, h].</summary>
    Bbox,

    /// <summary>Mask IoU on RLEs.</summary>
    Segm,
}
