using System.Text.Json;
using Detect.Evaluation;
using Detect.Masks;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Evaluation;

/// <summary>
/// The engine's path: predicted DetDataSamples (float32 xyxy boxes, labels 0..K−1, bool masks) through
/// CocoMetric, against MMDetection's CocoMetric computed with pycocotools on the same predictions.
/// </summary>
public class CocoMetricTests
{
    /// <summary>
    /// With <paramref name="emptySamples"/>, every ground-truth image without predictions is also processed, as a sample
    /// with zero-row prediction tensors (what a model that finds nothing returns): the golden values, which pycocotools
    /// computed with those images in the evaluation and no detections on them, must not change.
    /// </summary>
    [Theory]
    [InlineData("boxes", new[] { "bbox", "proposal" }, false)]
    [InlineData("boxes", new[] { "bbox", "proposal" }, true)]
    [InlineData("masks", new[] { "bbox", "segm" }, false)]
    [InlineData("masks", new[] { "bbox", "segm" }, true)]
    public void MetricsMatchMmdetectionCocoMetric(string @case, string[] metrics, bool emptySamples)
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var expected = Golden.Json("coco", "coco_eval_expected.json").GetProperty("mmdet_metric").GetProperty(@case);
        var logged = new List<string>();
        var types = metrics.Select(m => (CocoMetricType)Detect.Config.ConfigEnums.Parse(typeof(CocoMetricType), m)).ToList(); // the golden keys are MMDetection's spellings
        var metric = new CocoMetric(Golden.Path("coco", "cases", $"{@case}_gt.json"), types, classwise: true, log: logged.Add);

        var samples = Samples(Golden.Json("coco", "cases", $"{@case}_mmdet_predictions.json")).ToList();
        if (emptySamples) samples.AddRange(EmptySamples(Golden.Path("coco", "cases", $"{@case}_gt.json"), samples, withMasks: @case == "masks"));
        metric.Process(samples.Take(5));
        metric.Process(samples.Skip(5));
        var values = metric.Evaluate();

        foreach (var m in metrics)
        {
            var stats = expected.GetProperty(m).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int i = 0; i < 12; i++) Assert.True(Math.Abs(stats[i] - metric.LastResults[m].Stats[i]) <= 1e-9, $"{m} stats[{i}]");
            if (m == "proposal")
                Assert.Equal(stats[6..], new[] { "AR@100", "AR@300", "AR@1000", "AR_s@1000", "AR_m@1000", "AR_l@1000" }.Select(k => values[$"coco/{k}"]));
            else
                Assert.Equal(stats[..6], new[] { "mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l" }.Select(k => values[$"coco/{m}_{k}"]));
        }
        Assert.Contains(logged, l => l.Contains("| category"));
        Assert.Contains(values.Keys, k => k.EndsWith("_precision"));
        Assert.Empty(metric.Results(CocoMetricType.Bbox)); // Evaluate starts over
    }

    /// <summary>A sample with zero predictions for each image of <paramref name="gtPath"/> that <paramref name="predicted"/> lacks.</summary>
    private static IEnumerable<DetDataSample> EmptySamples(string gtPath, List<DetDataSample> predicted, bool withMasks)
    {
        using var gt = JsonDocument.Parse(File.ReadAllBytes(gtPath));
        var missing = gt.RootElement.GetProperty("images").EnumerateArray()
            .Select(i => (Id: i.GetProperty("id").GetInt64(), H: i.GetProperty("height").GetInt32(), W: i.GetProperty("width").GetInt32()))
            .Where(i => predicted.All(p => p.Meta.ImgId != i.Id)).ToList();
        Assert.NotEmpty(missing);
        foreach (var (id, h, w) in missing)
        {
            var nothing = new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), zeros(0), withMasks ? zeros([0, h, w], dtype: ScalarType.Bool) : null);
            yield return new DetDataSample(new ImageMeta(id, $"{id}.jpg", (h, w), (h, w), (h, w), (1, 1)), PredInstances: nothing);
        }
    }

    private static IEnumerable<DetDataSample> Samples(JsonElement predictions)
    {
        foreach (var p in predictions.EnumerateArray())
        {
            long id = p.GetProperty("img_id").GetInt64();
            var boxes = p.GetProperty("bboxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
            var scores = p.GetProperty("scores").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            var labels = p.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Tensor? masks = null;
            if (p.TryGetProperty("masks", out var rles))
            {
                masks = stack(rles.EnumerateArray().Select(r =>
                {
                    var size = r.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
                    return MaskTensors.Decode(RleCodec.FromCompressedString(r.GetProperty("counts").GetString()!, size[0], size[1]));
                }));
            }
            var instances = new InstanceData(tensor(boxes, [labels.Length, 4]), tensor(labels), tensor(scores), masks);
            var meta = new ImageMeta(id, $"{id}.jpg", (0, 0), (0, 0), (0, 0), (1, 1));
            yield return new DetDataSample(meta, PredInstances: instances);
        }
    }
}
