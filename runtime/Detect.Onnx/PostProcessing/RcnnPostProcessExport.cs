using Detect.Models.RoIHeads;
using Detect.Onnx.Graph;

namespace Detect.Onnx.PostProcessing;

/// <summary>
/// <see cref="BBoxHead.PredictByFeatSingle"/> without the rescale, as ONNX nodes: the class scores' softmax, every class's
/// box decoded from the RoIs and clipped to the image, then <c>multiclass_nms</c> under <c>test_cfg.rcnn</c> (the
/// (RoI, class) pairs above <c>score_thr</c>, background excluded, <see cref="DensePostProcessExport.Select"/>).
/// </summary>
public static class RcnnPostProcessExport
{
    /// <summary>Returns the kept boxes (n×4), scores and labels by decreasing score.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="head">The box head whose coder and class layout the deltas follow (a cascade's last stage).</param>
    /// <param name="cfg"><c>test_cfg.rcnn</c>.</param>
    /// <param name="root">Name prefix of the nodes.</param>
    /// <param name="rois">The RoIs the head saw (r×4).</param>
    /// <param name="clsScore">Class logits, background last (r×(K+1)); a cascade's mean over its stages.</param>
    /// <param name="bboxPred">Box deltas (r×4 or r×4K).</param>
    /// <param name="clipMax">(width, height, width, height) of the image, what boxes are clipped to.</param>
    public static (string Boxes, string Scores, string Labels) PredictByFeat(OnnxGraph g, BBoxHead head, RcnnTestConfig cfg, string root, string rois,
        string clsScore, string bboxPred, string clipMax)
    {
        int k = head.NumClasses, encode = head.BboxCoder.EncodeSize;
        var scores = g.Node("Softmax", root, [clsScore], OnnxAttributes.Int("axis", -1));
        int perRoi = head.RegClassAgnostic ? 1 : k;
        // priors repeated per class (repeat_interleave), as the deltas are laid out: roi-major, class-minor.
        var priors = g.Node("Reshape", root, [g.Node("Expand", root, [g.Node("Unsqueeze", root, [rois, g.Int64s($"{root}.axis1", 1)]), g.Int64s($"{root}.expand", 1, perRoi, 4)]),
            g.Int64s($"{root}.boxes", -1, 4)]);
        var deltas = g.Node("Reshape", root, [bboxPred, g.Int64s($"{root}.deltas", -1, encode)]);
        var boxes = BBoxCoderExport.Decode(g, head.BboxCoder, $"{root}.decode", priors, deltas, clipMax);

        // multiclass_nms: (roi, class) pairs without the background column, those above score_thr.
        var flat = g.Node("Reshape", root, [g.Node("Slice", root, [scores, g.Int64s($"{root}.start", 0), g.Int64s($"{root}.end", k), g.Int64s($"{root}.axis1", 1)]),
            g.Int64s($"{root}.flat", -1)]);
        var valid = g.Node("Reshape", root, [g.Node("NonZero", root, [g.Node("Greater", root, [flat, g.Floats($"{root}.score_thr", [(float)cfg.ScoreThr])])]),
            g.Int64s($"{root}.flat", -1)]);
        var numClasses = g.Int64s($"{root}.num_classes", k);
        var boxRows = head.RegClassAgnostic ? g.Node("Div", root, [valid, numClasses]) : valid;
        long maxCandidates = long.MaxValue; // the box count is only known at run time: BatchedNmsExport chooses there (If)
        return DensePostProcessExport.Select(g, $"{root}.select", g.Node("Gather", root, [boxes, boxRows]),
            g.Node("Gather", root, [flat, valid]), g.Node("Mod", root, [valid, numClasses]), cfg.MinBboxSize, cfg.Nms, k, maxCandidates, cfg.MaxPerImg);
    }

    /// <summary>The (width, height, width, height) clip bounds from the <see cref="DensePostProcessExport.ImgShapeName"/> input (height, width).</summary>
    public static string ClipMax(OnnxGraph g, string root, string imgShape) => g.Node("Gather", root, [imgShape, g.Int64s($"{root}.whwh", 1, 0, 1, 0)]);
}
