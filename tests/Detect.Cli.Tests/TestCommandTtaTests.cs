using System.Text.Json;
using Detect.Evaluation;
using Detect.Inference;
using Detect.Models.Zoo;
using Detect.Transforms;
using TorchSharp;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect test --tta</c> on the shrunk, seeded RetinaNet of <see cref="TestCommandTests"/>: the results it writes are, for
/// every test image, the two views merged by hand — the predictions on the image as it is and on its mirror image (flipped
/// before the pipeline, as the flip TTA does), the latter's boxes mirrored back, then class-aware NMS at 0.5 and the best
/// 100 — and its metrics are those of its results.
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public sealed class TestCommandTtaTests
{
    [Fact]
    public void TtaResultsAreTheTwoViewsMergedByHandAndScoreTheSame()
    {
        using var tmp = new TempFolder();
        var (test, weights) = TestCommandTests.Test(tmp, "--tta", "--out", tmp["tta.json"]);
        Assert.True(test.Exit == 0, test.Err + test.Out);
        Assert.Contains("--tta: flip test-time augmentation built from the test pipeline", test.Out);
        var tta = CocoResultsJson.Load(tmp["tta.json"]);

        string annotations = Path.Combine(tmp.Root, "annotations", "instances_val.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(annotations));
        var images = doc.RootElement.GetProperty("images").EnumerateArray()
            .Select(i => (Id: i.GetProperty("id").GetInt64(), File: Path.Combine(tmp.Root, "val", i.GetProperty("file_name").GetString()!))).ToList();
        var experiment = new RetinaNetR50Fpn1xCoco().WithOptions(TestCommandTests.Options(tmp.Root).Skip(1));
        using var inferencer = DetInferencer.FromExperiment(experiment, weights, "cpu");
        int fromFlipped = 0;
        foreach (var (id, file) in images)
        {
            var image = inferencer.Pipeline.Load(InferenceInput.FromFile(file), id, "image").Img;
            var views = inferencer.Run([InferenceInput.FromImage(RandomFlip.FlipImage(image, FlipDirection.Horizontal), "flipped"), InferenceInput.FromImage(image, "plain")]);
            try
            {
                var (expected, keptFlipped) = MergeByHand(views[0].Instances, views[1].Instances, image.Width);
                var actual = tta.Where(r => r.ImageId == id).OrderByDescending(r => r.Score).ToList();
                Assert.True(expected.Count > 0);
                Assert.Equal(expected.Count, actual.Count);
                for (int k = 0; k < expected.Count; k++)
                {
                    Assert.Equal(expected[k].Score, actual[k].Score, 4);
                    for (int c = 0; c < 4; c++) Assert.Equal(expected[k].Box[c], actual[k].Bbox![c], 2);
                }
                fromFlipped += keptFlipped;
            }
            finally
            {
                foreach (var view in views) view.Dispose();
            }
        }
        Assert.True(fromFlipped > 0, "some merged detections should come from the flipped view, or the check means little");

        // The printed metrics are those of the written results.
        var eval = Cli.Run("eval", "--ann", annotations, "--results", tmp["tta.json"]);
        Assert.True(eval.Exit == 0, eval.Err);
        Assert.Equal(TestCommandTests.AveragePrecisions(test.Out), TestCommandTests.AveragePrecisions(eval.Out));
    }

    // MMDetection's DetTTAModel.merge_preds written out: flipped boxes mirrored back (x → W − x, no "+1"), both views
    // concatenated (flipped first), torchvision's batched_nms at 0.5, the first 100; COCO rows (xywh) by decreasing score,
    // and how many of them the flipped view gave.
    static (List<(double Score, double[] Box)> Rows, int FromFlipped) MergeByHand(Structures.InstanceData flipped, Structures.InstanceData plain, int width)
    {
        var boxes = new List<float[]>();
        var scores = new List<float>();
        var labels = new List<long>();
        foreach (var (instances, mirror) in new[] { (flipped, true), (plain, false) })
        {
            if (instances.Count == 0) continue;
            var b = instances.Bboxes.data<float>().ToArray();
            scores.AddRange(instances.Scores!.data<float>().ToArray());
            labels.AddRange(instances.Labels.data<long>().ToArray());
            for (int i = 0; i < instances.Count; i++)
                boxes.Add(mirror ? [width - b[4 * i + 2], b[4 * i + 1], width - b[4 * i], b[4 * i + 3]] : b[(4 * i)..(4 * i + 4)]);
        }
        if (boxes.Count == 0) return ([], 0);
        using var boxTensor = torch.tensor(boxes.SelectMany(b => b).ToArray(), [boxes.Count, 4]);
        using var scoreTensor = torch.tensor(scores.ToArray());
        using var labelTensor = torch.tensor(labels.ToArray());
        using var keep = Ops.Nms.Batched(boxTensor, scoreTensor, labelTensor, 0.5);
        var kept = keep.data<long>().ToArray().Take(100).Select(k => (int)k).ToList();
        return ([.. kept.Select(k => ((double)scores[k], new double[] { boxes[k][0], boxes[k][1], boxes[k][2] - boxes[k][0], boxes[k][3] - boxes[k][1] }))],
            kept.Count(k => k < flipped.Count));
    }
}
