namespace Detect.Evaluation;

/// <summary>
/// One ground-truth annotation or detection as evaluation sees it (what pycocotools keeps in its
/// annotation dicts): id, area for the size ranges, [x, y, w, h] box, score and crowd flag.
/// </summary>
/// <remarks>A struct in one array per side, so the evaluation loops walk contiguous memory.</remarks>
internal struct EvalObject
{
    public long Id;
    public long ImageId;
    public long CategoryId;
    public double Area;
    public double X, Y, W, H;
    public double Score;
    public bool IsCrowd;
}
