using System.Text.Json;
using Detect.Inference;
using Detect.Ops;
using Detect.Visualization;
using SkiaSharp;
using TorchSharp;

namespace Detect.Models.Tests.Inference;

/// <summary>
/// <see cref="DetInferencer"/> on a tiny randomly initialized zoo RetinaNet: the experiment's own test pipeline, batches,
/// in-memory images and the files it writes.
/// </summary>
public sealed class DetInferencerTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("detect-inferencer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static (long[] Labels, float[] Scores, float[] Boxes) Values(ImagePrediction p) =>
        (TensorValues.ToArray<long>(p.Instances.Labels), TensorValues.ToArray<float>(p.Instances.Scores!), TensorValues.ToArray<float>(p.Instances.Bboxes));

    static void AssertSame(ImagePrediction expected, ImagePrediction actual, float tolerance)
    {
        var (l1, s1, b1) = Values(expected);
        var (l2, s2, b2) = Values(actual);
        Assert.True(l1.Length > 0, "the model should predict something with score_thr 0");
        Assert.Equal(l1, l2);
        for (int i = 0; i < s1.Length; i++) Assert.True(Math.Abs(s1[i] - s2[i]) <= tolerance, $"score {i}: {s1[i]} vs {s2[i]}");
        for (int i = 0; i < b1.Length; i++) Assert.True(Math.Abs(b1[i] - b2[i]) <= tolerance * 100, $"box value {i}: {b1[i]} vs {b2[i]}");
    }

    [Fact]
    public void Batches_of_four_give_the_detections_of_one_image_at_a_time()
    {
        var images = TinyInferencer.Images(folder, 5);
        using var inferencer = TinyInferencer.Create();
        var one = inferencer.Run(images, new InferencerCallOptions { BatchSize = 1 });
        var four = inferencer.Run(images, new InferencerCallOptions { BatchSize = 4 });   // a batch of 4, then one of 1
        try
        {
            Assert.Equal(5, four.Count);
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(Path.GetFileNameWithoutExtension(images[i]), four[i].Name);
                AssertSame(one[i], four[i], 1e-5f);
            }
        }
        finally
        {
            foreach (var p in one.Concat(four)) p.Dispose();
        }
    }

    [Fact]
    public void The_test_pipeline_resizes_and_boxes_come_back_in_original_pixels()
    {
        // 96×80 images through a test pipeline that resizes to 48×40: the model sees half the size (today's complaint: the
        // old inference fed images at their own size), the boxes are rescaled to the file's pixels.
        var images = TinyInferencer.Images(folder, 1);
        using var inferencer = TinyInferencer.Create(48, 40);
        var (packed, original) = inferencer.Pipeline.Apply(InferenceInput.FromFile(images[0]), 0, "x");
        using (packed)
        {
            Assert.Equal([3L, 40, 48], packed.Inputs.shape);
            Assert.Equal((80, 96), (original.Height, original.Width));
            Assert.Null(packed.DataSample.GtInstances);   // LoadAnnotations was removed, as MMDetection's inferencer does
        }
        using var result = inferencer.Run(images)[0];
        Assert.Equal((80, 96), result.OriShape);
        var boxes = TensorValues.ToArray<float>(result.Instances.Bboxes);
        Assert.True(boxes.Max() > 48, $"boxes should span the 96×80 original, max {boxes.Max()}");
        Assert.True(boxes.Max() <= 96.001f);
    }

    [Fact]
    public void An_in_memory_bitmap_or_tensor_gives_the_predictions_of_its_file_and_writes_numbered_outputs()
    {
        var images = TinyInferencer.Images(folder, 1);
        using var inferencer = TinyInferencer.Create();
        using var fromFile = inferencer.Run(images)[0];
        using var bitmap = SKBitmap.Decode(images[0]);
        using var bgr = ImageFiles.ReadBgr(images[0]);
        string outDir = Path.Combine(folder, "out");
        var results = inferencer.Run([InferenceInput.FromBitmap(bitmap), InferenceInput.FromTensor(bgr)], new InferencerCallOptions { OutDir = outDir });
        try
        {
            AssertSame(fromFile, results[0], 1e-6f);
            AssertSame(fromFile, results[1], 1e-6f);
            Assert.Equal(["00000000", "00000001"], results.Select(r => r.Name));
            Assert.Equal(["00000000.json", "00000001.json"], Directory.GetFiles(Path.Combine(outDir, "preds")).Select(Path.GetFileName).Order());
            using var vis = ImageFiles.ReadBgr(Path.Combine(outDir, "vis", "00000000.jpg"));
            Assert.Equal([3L, 80, 96], vis.shape);
            var (labels, scores, boxes) = PredictionJson.Read(Path.Combine(outDir, "preds", "00000000.json"));
            Assert.Equal(TensorValues.ToArray<long>(fromFile.Instances.Labels), labels);
            Assert.Equal(fromFile.Instances.Count, boxes.Length);
            Assert.Equal(TensorValues.ToArray<float>(fromFile.Instances.Scores!)[0], scores[0], 5);
        }
        finally
        {
            foreach (var r in results) r.Dispose();
        }
    }

    [Fact]
    public void Options_say_what_is_written_and_printed()
    {
        var images = TinyInferencer.Images(folder, 2);
        var printed = new List<string>();
        using var inferencer = new DetInferencer(TinyInferencer.Create().Model, InferencePipeline.FromExperiment(TinyInferencer.Experiment()),
            ["circle", "square", "triangle"], log: printed.Add);
        string outDir = Path.Combine(folder, "out");
        foreach (var r in inferencer.Run([Path.Combine(folder, "val", "*.jpg")], new InferencerCallOptions { OutDir = outDir, NoSaveVis = true, PrintResult = true }))
            r.Dispose();
        Assert.Equal(2, Directory.GetFiles(Path.Combine(outDir, "preds")).Length);
        Assert.False(Directory.Exists(Path.Combine(outDir, "vis")));
        Assert.Equal(2, printed.Count);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(printed[0]).RootElement.GetProperty("bboxes").ValueKind);
    }

    [Fact]
    public void Without_weights_it_warns_and_takes_the_class_names_from_the_test_dataset()
    {
        var log = new List<string>();
        using var inferencer = TinyInferencer.Create(log: log);
        Assert.Contains(log, l => l.Contains("no weights given") && l.Contains("randomly initialized"));
        Assert.Equal(["circle", "square", "triangle"], inferencer.Classes);
    }

    [Fact]
    public void Tta_merges_the_flipped_view_flipped_back_with_the_plain_one()
    {
        var images = TinyInferencer.Images(folder, 1);
        using var inferencer = TinyInferencer.Create();
        using var merged = inferencer.Run(images, new InferencerCallOptions { Tta = true })[0];
        using var plain = inferencer.Run(images)[0];
        using var bgr = ImageFiles.ReadBgr(images[0]);
        using var flippedImage = bgr.flip(2);
        using var flipped = inferencer.Run([InferenceInput.FromTensor(flippedImage)])[0];

        // What DetTTAModel does by hand: the flipped view's boxes mirrored back (x → 96 − x), both views, NMS 0.5, 100 kept.
        using var scope = TorchSharp.torch.NewDisposeScope();
        var boxes = flipped.Instances.Bboxes;
        using var width = 96f.ToScalar();
        var back = TorchSharp.torch.stack([boxes[.., 2].neg().add(width), boxes[.., 1], boxes[.., 0].neg().add(width), boxes[.., 3]], 1);
        var expected = new Detect.Transforms.DetTtaMerger().Merge(
        [
            new Detect.Structures.DetDataSample(new Detect.Structures.ImageMeta(0, "a", (80, 96), (80, 96), (80, 96), (1, 1)), PredInstances: plain.Instances),
            new Detect.Structures.DetDataSample(new Detect.Structures.ImageMeta(0, "a", (80, 96), (80, 96), (80, 96), (1, 1)),
                PredInstances: new Detect.Structures.InstanceData(back, flipped.Instances.Labels, flipped.Instances.Scores)),
        ]).PredInstances!;
        Assert.Equal(100, merged.Instances.Count);
        Assert.Equal(TensorValues.ToArray<long>(expected.Labels), TensorValues.ToArray<long>(merged.Instances.Labels));
        var (e, a) = (TensorValues.ToArray<float>(expected.Bboxes), TensorValues.ToArray<float>(merged.Instances.Bboxes));
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-3, $"box value {i}: {e[i]} vs {a[i]}");
    }
}
