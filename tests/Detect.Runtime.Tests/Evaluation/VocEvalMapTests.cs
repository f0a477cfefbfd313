using System.Text.Json;
using Detect.Evaluation;

namespace Detect.Runtime.Tests.Evaluation;

/// <summary>
/// Pascal VOC mAP against MMDetection's eval_map run on the same cases (tests/golden/voc): mAP,
/// per-class AP, counts, and the recall/precision curves (whose order depends on numpy's quicksort).
/// </summary>
public class VocEvalMapTests
{
    private static readonly JsonElement Cases = Golden.Json("voc", "voc_eval_cases.json");

    [Theory]
    [InlineData("area")]
    [InlineData("11points_legacy")]
    [InlineData("area_scales_iou07")]
    [InlineData("11points_scales")]
    public void MatchesMmdetectionEvalMap(string setting)
    {
        var expected = Golden.Json("voc", "voc_eval_expected.json").GetProperty(setting);
        var s = expected.GetProperty("settings");
        var dets = Cases.GetProperty("det_results").EnumerateArray()
            .Select(img => (IReadOnlyList<float[]>)img.EnumerateArray().Select(Floats).ToList()).ToList();
        var anns = Cases.GetProperty("annotations").EnumerateArray().Select(a => new VocGroundTruth(
            Floats(a.GetProperty("bboxes")), Longs(a.GetProperty("labels")),
            Floats(a.GetProperty("bboxes_ignore")), Longs(a.GetProperty("labels_ignore")))).ToList();
        var ranges = s.TryGetProperty("scale_ranges", out var sr)
            ? sr.EnumerateArray().Select(r => (r[0].GetDouble(), r[1].GetDouble())).ToList()
            : null;
        var result = VocEvalMap.Evaluate(dets, anns, ranges, s.GetProperty("iou_thr").GetDouble(),
            s.TryGetProperty("use_legacy_coordinate", out var legacy) && legacy.GetBoolean(),
            s.TryGetProperty("eval_mode", out var mode) && mode.GetString() == "11points" ? VocEvalMode.ElevenPoints : VocEvalMode.Area);

        Assert.Equal(Floats(expected.GetProperty("mean_ap")), result.MeanAp);
        var classes = expected.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal(classes.Count, result.Classes.Count);
        for (int c = 0; c < classes.Count; c++)
        {
            var e = classes[c];
            var ours = result.Classes[c];
            Assert.Equal(e.GetProperty("num_gts").EnumerateArray().Select(v => v.GetInt32()), ours.NumGts);
            Assert.Equal(e.GetProperty("num_dets").GetInt32(), ours.NumDets);
            Assert.Equal(Floats(e.GetProperty("ap")), ours.Ap);
            var recall = e.GetProperty("recall").EnumerateArray().ToList();
            var precision = e.GetProperty("precision").EnumerateArray().ToList();
            for (int k = 0; k < recall.Count; k++)
            {
                Assert.Equal(recall[k].EnumerateArray().Select(v => v.GetDouble()), ours.Recall[k]);
                Assert.Equal(Floats(precision[k]), ours.Precision[k]);
            }
        }
    }

    [Fact]
    public void MismatchedInputsAreRejected()
    {
        var gt = new VocGroundTruth([0, 0, 10, 10], [0]);
        Assert.Throws<ArgumentException>(() => VocEvalMap.Evaluate([[[]]], [gt, gt]));
        Assert.Throws<ArgumentException>(() => VocEvalMap.Evaluate([[[]], [[], []]], [gt, gt]));
    }

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();
}
