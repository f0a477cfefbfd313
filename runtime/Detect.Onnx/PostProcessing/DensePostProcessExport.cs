using Detect.Models.DenseHeads;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using static TorchSharp.torch;

namespace Detect.Onnx.PostProcessing;

/// <summary>
/// A dense head's test-time post-processing (<see cref="DenseHead.PredictByFeat"/> for one image, without the rescale
/// to the original image) as ONNX nodes on its raw outputs: per level the class scores (sigmoid, or softmax without
/// the background column; FCOS's √(score · centerness) where the head scores that way), those above <c>score_thr</c>,
/// the <c>nms_pre</c> best of them, their priors decoded and clipped to the image; then over all levels the score
/// factors (centerness) multiplied in, boxes not larger than <c>min_bbox_size</c> dropped, class-aware NMS and the
/// first <c>max_per_img</c>. With <c>nms_pre_per_class</c> (torchvision's SSD) the <c>nms_pre</c> best above
/// <c>score_thr</c> are chosen per class over all levels instead (<see cref="PerClassTopkExport"/>).
/// </summary>
/// <remarks>
/// The graph post-processes one image (batch size 1). The priors are the prior generator's grid for the exported input
/// shape, or for <c>--dynamic-shape</c> computed from each level's size when the graph runs (<see cref="PriorGridExport"/>).
/// The image's own size inside the padded batch (what boxes are clipped to, <c>img_shape</c>) is a second graph input,
/// <see cref="ImgShapeName"/>.
/// </remarks>
public static class DensePostProcessExport
{
    /// <summary>The graph input holding the image's (height, width) inside the padded batch, float32.</summary>
    public const string ImgShapeName = "img_shape";

    /// <summary>Output names of a post-processed graph: n×5 (x1, y1, x2, y2, score) and n int64 labels.</summary>
    public const string DetsName = "dets", LabelsName = "labels";

    /// <summary>
    /// The third output of a post-processed Mask R-CNN graph: n×1×M×M float32, each detection's own-class mask
    /// probabilities on its box (not yet pasted into the image).
    /// </summary>
    public const string MasksName = "masks";

    /// <summary>
    /// Writes the post-processing of <paramref name="head"/>'s raw outputs; returns the kept boxes (n×4), scores and labels
    /// by decreasing score. For an <see cref="RPNHead"/> these are the proposals (MMDetection's RPN <c>_predict_by_feat_single</c>:
    /// the <c>nms_pre</c> best anchors per level by objectness, no score threshold, NMS within levels; labels are level ids).
    /// </summary>
    /// <param name="g">The graph.</param>
    /// <param name="head">The head (its test_cfg, coder, prior generator, scoring).</param>
    /// <param name="raw">The head's raw outputs in <see cref="DenseHeadOutputs"/> order (class scores, box predictions, score factors per level).</param>
    /// <param name="input">The graph's input batch (its shape gives the priors of a dynamic-shape graph).</param>
    /// <param name="fixedShape">The exported input's height and width and every level's feature size; null for a
    /// <c>--dynamic-shape</c> graph.</param>
    /// <param name="imgShape">The <see cref="ImgShapeName"/> input.</param>
    /// <param name="root">Name prefix of the nodes.</param>
    /// <exception cref="OnnxExportException">A setting with no ONNX form (coder, soft-NMS, <c>nms_pre_per_class</c> on an RPN head).</exception>
    public static (string Boxes, string Scores, string Labels) Emit(OnnxGraph g, DenseHead head, IReadOnlyList<string> raw, string input,
        ((int Height, int Width) Batch, IReadOnlyList<(int Height, int Width)> Featmaps)? fixedShape, string imgShape, string root = "postprocess")
    {
        var cfg = head.TestCfg ?? throw new OnnxExportException($"bbox_head ({head.GetType().Name}) has no test_cfg to post-process with.");
        int levels = head.PriorGenerator.NumLevels;
        bool withFactors = raw.Count == 3 * levels;
        bool geometricMean = head is FCOSHead { CenternessScoring: CenternessScoring.GeometricMean } && withFactors;
        bool proposals = head is RPNHead;
        // torchvision's selection (SSD): the nms_pre best scores of every class over all levels rather than of every level.
        bool perClass = cfg.NmsPrePerClass && cfg.NmsPre > 0;
        if (perClass && proposals)
            throw new OnnxExportException($"{root} ({head.GetType().Name}): test_cfg nms_pre_per_class=True on an RPN head (its candidates are " +
                "ranked per level id) has no ONNX form; set nms_pre_per_class=False for the RPN.");
        var priorNames = PriorGridExport.Emit(g, head.PriorGenerator, root, raw, input, fixedShape);
        // Rows per level where the shape is fixed (the candidate count bounds NMS's choice); unknown (null) otherwise.
        var priorRows = fixedShape is var (_, featmaps)
            ? featmaps.Select((f, i) => (long?)f.Height * f.Width * head.PriorGenerator.NumBasePriors[i]).ToArray()
            : new long?[levels];
        var (scoresByLevel, labelsByLevel, deltasByLevel, priorsByLevel, factorsByLevel) = (new List<string>(), new List<string>(), new List<string>(), new List<string>(), new List<string>());
        long maxCandidates = 0;
        var channelsLast = OnnxAttributes.Ints("perm", 0, 2, 3, 1);
        for (int level = 0; level < levels; level++)
        {
            var path = $"{root}.level{level}";
            if (priorRows[level] is { } rows)
            {
                long perLevel = proposals ? rows : rows * head.NumClasses;
                maxCandidates += cfg.NmsPre > 0 ? Math.Min(cfg.NmsPre, perLevel) : perLevel; // per class: PerClassTopkExport's bound replaces it
            }
            else maxCandidates = long.MaxValue; // known when the graph runs: BatchedNmsExport chooses there (If)
            var logits = g.Node("Reshape", path, [g.Node("Transpose", path, [raw[level]], channelsLast), g.Int64s($"{path}.cls_shape", -1, head.ClsOutChannels)]);
            var scores = head.UseSigmoidCls ? Sigmoid(g, path, logits)
                : g.Node("Slice", path, [g.Node("Softmax", path, [logits], OnnxAttributes.Int("axis", -1)), g.Int64s($"{path}.start", 0),
                    g.Int64s($"{path}.end", head.NumClasses), g.Int64s($"{path}.axis1", 1)]);
            string? factors = withFactors
                ? Sigmoid(g, path, g.Node("Reshape", path, [g.Node("Transpose", path, [raw[2 * levels + level]], channelsLast), g.Int64s($"{path}.flat", -1)]))
                : null;
            if (geometricMean)
            {
                scores = g.Node("Sqrt", path, [g.Node("Mul", path, [scores, g.Node("Unsqueeze", path, [factors!, g.Int64s($"{path}.axis1", 1)])])]);
                factors = null;
            }
            string? row = null;
            // Per class, every prior's scores (n×C) stay as they are: the selection runs over all levels at once (below).
            var flat = perClass ? scores : g.Node("Reshape", path, [scores, g.Int64s($"{path}.flat", -1)]);
            if (perClass) scoresByLevel.Add(scores);
            else if (proposals)
            {
                // RPNHead.SelectCandidates: the nms_pre best by objectness (sigmoid ranked by its logits), labelled with the level;
                // a level with no more anchors than nms_pre keeps them all in anchor order, as TorchSharp does. The order
                // matters: proposal scores tie (a saturated sigmoid is exactly 1), and NMS takes tied boxes in their order.
                var ranking = head.UseSigmoidCls ? g.Node("Reshape", path, [logits, g.Int64s($"{path}.flat", -1)]) : flat;
                string TopRows() => g.Nodes("TopK", path, 2, [ranking, g.Int64s($"{path}.nms_pre", cfg.NmsPre)], OnnxAttributes.Int("axis", 0))[1];
                string AllRows() => g.Node("Range", path, [g.Int64Scalar($"{path}.zero_scalar", 0), g.Node("Squeeze", path, [g.Node("Shape", path, [ranking])]),
                    g.Int64Scalar($"{path}.one_scalar", 1)]);
                if (cfg.NmsPre <= 0) row = AllRows();
                else if (priorRows[level] is { } fixedRows) row = cfg.NmsPre < fixedRows ? TopRows() : AllRows();
                else row = g.If(path, g.Node("Greater", path, [g.Node("Shape", path, [ranking]), g.Int64s($"{path}.nms_pre_bound", cfg.NmsPre)]),
                    TopRows, AllRows, global::Onnx.TensorProto.Types.DataType.Int64, 1);
                var ranked = g.Node("Gather", path, [ranking, row]);
                scoresByLevel.Add(head.UseSigmoidCls ? Sigmoid(g, path, ranked) : ranked);
                labelsByLevel.Add(g.Node("Add", path, [g.Node("Mul", path, [row, g.Int64s($"{path}.zero", 0)]), g.Int64s($"{path}.level", level)]));
            }
            else
            {
                // ScoreFilter: (prior, class) scores above score_thr, the nms_pre best, by decreasing score.
                var valid = g.Node("Reshape", path, [g.Node("NonZero", path, [g.Node("Greater", path, [flat, g.Floats($"{path}.score_thr", [(float)cfg.ScoreThr])])]),
                    g.Int64s($"{path}.flat", -1)]);
                var count = g.Node("Shape", path, [valid]);
                var k = cfg.NmsPre > 0 ? g.Node("Min", path, [count, g.Int64s($"{path}.nms_pre", cfg.NmsPre)]) : count;
                var top = g.Nodes("TopK", path, 2, [g.Node("Gather", path, [flat, valid]), k], OnnxAttributes.Int("axis", 0));
                var index = g.Node("Gather", path, [valid, top[1]]);
                var numClasses = g.Int64s($"{path}.num_classes", head.NumClasses);
                row = g.Node("Div", path, [index, numClasses]);
                scoresByLevel.Add(top[0]);
                labelsByLevel.Add(g.Node("Mod", path, [index, numClasses]));
            }
            var deltas = g.Node("Reshape", path, [g.Node("Transpose", path, [raw[levels + level]], channelsLast), g.Int64s($"{path}.bbox_shape", -1, head.BboxCoder.EncodeSize)]);
            string Rows(string value) => row is null ? value : g.Node("Gather", path, [value, row]);
            deltasByLevel.Add(Rows(deltas));
            priorsByLevel.Add(Rows(priorNames[level]));
            if (factors is not null) factorsByLevel.Add(Rows(factors));
        }

        string Cat(List<string> values) => values.Count == 1 ? values[0] : g.Node("Concat", root, values, OnnxAttributes.Int("axis", 0));
        var clipMax = g.Node("Gather", root, [imgShape, g.Int64s($"{root}.whwh", 1, 0, 1, 0)]);
        // Per class: every prior's box decoded (the coder works row by row, so decoding before choosing rows changes no value).
        var boxes = BBoxCoderExport.Decode(g, head.BboxCoder, $"{root}.decode", Cat(priorsByLevel), Cat(deltasByLevel), clipMax);
        var allScores = Cat(scoresByLevel);
        string labels;
        if (perClass)
        {
            long? priorCount = priorRows.All(r => r is not null) ? priorRows.Sum(r => r!.Value) : null;
            (var rows, allScores, labels, maxCandidates) = PerClassTopkExport.Emit(g, $"{root}.per_class", allScores, priorCount, head.NumClasses, cfg.NmsPre, cfg.ScoreThr);
            boxes = g.Node("Gather", root, [boxes, rows]);
            if (factorsByLevel.Count > 0) factorsByLevel = [g.Node("Gather", root, [Cat(factorsByLevel), rows])];
        }
        else labels = Cat(labelsByLevel);
        if (factorsByLevel.Count > 0) allScores = g.Node("Mul", root, [allScores, Cat(factorsByLevel)]);
        return Select(g, root, boxes, allScores, labels, cfg.MinBboxSize, cfg.Nms, proposals ? levels : head.NumClasses, maxCandidates, cfg.MaxPerImg);
    }

    /// <summary>
    /// MMDetection's <c>_bbox_post_process</c> / <c>multiclass_nms</c> tail on n candidates: boxes not wider and taller
    /// than <paramref name="minBboxSize"/> dropped (negative: no check), class-aware NMS (<see cref="BatchedNmsExport"/>),
    /// the first <paramref name="maxPerImg"/> (not positive: all). Returns the kept boxes, scores and labels by decreasing score.
    /// </summary>
    public static (string Boxes, string Scores, string Labels) Select(OnnxGraph g, string root, string boxes, string scores, string labels,
        double minBboxSize, Models.PostProcessing.NmsConfig nms, int numClasses, long maxCandidates, int maxPerImg)
    {
        if (minBboxSize >= 0)
        {
            var corners = g.Nodes("Split", root, 2, [boxes, g.Int64s($"{root}.split", 2, 2)], OnnxAttributes.Int("axis", 1));
            var larger = g.Node("Greater", root, [g.Node("Sub", root, [corners[1], corners[0]]), g.Floats($"{root}.min_bbox_size", [(float)minBboxSize])]);
            var sides = g.Nodes("Split", root, 2, [larger, g.Int64s($"{root}.split1", 1, 1)], OnnxAttributes.Int("axis", 1));
            var large = g.Node("Reshape", root, [g.Node("And", root, [sides[0], sides[1]]), g.Int64s($"{root}.flat", -1)]);
            var keepLarge = g.Node("Reshape", root, [g.Node("NonZero", root, [large]), g.Int64s($"{root}.flat", -1)]);
            (boxes, scores, labels) = (g.Node("Gather", root, [boxes, keepLarge]), g.Node("Gather", root, [scores, keepLarge]), g.Node("Gather", root, [labels, keepLarge]));
        }
        var keep = BatchedNmsExport.Emit(g, nms, $"{root}.nms", boxes, scores, labels, numClasses, maxCandidates);
        if (maxPerImg > 0)
            keep = g.Node("Slice", root, [keep, g.Int64s($"{root}.zero", 0), g.Int64s($"{root}.max_per_img", maxPerImg), g.Int64s($"{root}.axis0", 0)]);
        return (g.Node("Gather", root, [boxes, keep]), g.Node("Gather", root, [scores, keep]), g.Node("Gather", root, [labels, keep]));
    }

    /// <summary>
    /// The logistic function as libtorch computes it on the CPU, 1 / (1 + exp(−x)), rather than ONNX Runtime's
    /// <c>Sigmoid</c> (a rational approximation): the scores then round alike, and above x ≈ 16.6 both are exactly 1, so
    /// scores that tie in TorchSharp tie in the graph too and NMS takes them in the same order.
    /// </summary>
    public static string Sigmoid(OnnxGraph g, string path, string x) =>
        g.Node("Reciprocal", path, [g.Node("Add", path, [g.Node("Exp", path, [g.Node("Neg", path, [x])]), g.Floats($"{path}.one", [1f])])]);


    /// <summary>The <c>dets</c> value (n×5: x1, y1, x2, y2, score) of kept boxes and scores.</summary>
    public static string Dets(OnnxGraph g, string root, string boxes, string scores) =>
        g.Node("Concat", root, [boxes, g.Node("Unsqueeze", root, [scores, g.Int64s($"{root}.axis1", 1)])], OnnxAttributes.Int("axis", 1));
}
