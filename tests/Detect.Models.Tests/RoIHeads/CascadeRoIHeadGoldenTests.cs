using System.Text.Json;
using Detect.Models.Layers;
using Detect.Models.Losses;
using Detect.Models.PostProcessing;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.RoIHeads;

/// <summary>
/// CascadeRoIHead against tests/golden/models/make_cascade_goldens.py, which re-implements MMDetection 3.x's
/// <c>CascadeRoIHead</c> (Cascade R-CNN's three stages: MaxIoU 0.5/0.6/0.7, every candidate sampled, GT added as proposals,
/// class-agnostic Shared2FC heads with stds 0.1…0.067, SmoothL1, stage weights 1/0.5/0.25, refine_bboxes; predict with
/// the stages' class scores averaged; Cascade Mask R-CNN's per-stage FCN mask heads, their probabilities averaged and
/// pasted) in torch 1.13 on seeded tiny parameters (2 images, 4 FPN levels of 4 channels, 3 classes, FC width 16).
/// Tolerance: 1e-5 relative on losses and accuracies, 1e-4 absolute on scores, 1e-4 px + 1e-6 relative on box coordinates
/// (float32 spacing is 1.5e-5 px at 128–256 px and three stages of decoding compound it: about 7 ulps seen); masks: at most
/// <see cref="MaxMaskPixelDiff"/> differing pixels per detection (pixels whose probability sits on the 0.5 threshold).
/// </summary>
public sealed class CascadeRoIHeadGoldenTests(ITestOutputHelper output)
{
    static CascadeRoIHeadGoldenTests() => TorchRuntime.EnsureInitialized();

    const int MaxMaskPixelDiff = 2;

    static readonly JsonElement Golden =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "cascade_roi_head.golden.json"))).RootElement;

    static JsonElement Settings => Golden.GetProperty("settings");

    static int Int(string name) => Settings.GetProperty(name).GetInt32();

    static double Double(string name) => Settings.GetProperty(name).GetDouble();

    static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    static (int, int) Shape(string name, int i) => (Settings.GetProperty(name)[i][0].GetInt32(), Settings.GetProperty(name)[i][1].GetInt32());

    static Tensor Boxes(JsonElement e) =>
        tensor(e.EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => v.GetSingle())).ToArray()).view(-1, 4);

    static SingleRoIExtractor Extractor(string size) =>
        new(new RoIAlignLayer(Int(size)), Int("in_channels"), [.. Settings.GetProperty("featmap_strides").EnumerateArray().Select(v => v.GetInt32())],
            finestScale: Int("finest_scale"));

    static CascadeRoIHead Head(bool withMask, bool classAgnostic = true)
    {
        var stds = Settings.GetProperty("stage_target_stds").EnumerateArray().Select(Doubles).ToArray();
        var ious = Doubles(Settings.GetProperty("stage_iou_thrs"));
        BBoxHead[] bboxHeads = [.. stds.Select(s => new Shared2FCBBoxHead(Int("num_classes"), Int("in_channels"), Int("fc_out_channels"),
            Int("roi_feat_size"), regClassAgnostic: classAgnostic, bboxCoder: new DeltaXYWHBBoxCoder(targetStds: s), lossCls: new CrossEntropyLoss(),
            lossBbox: new SmoothL1Loss(beta: 1.0)))];
        FCNMaskHead[]? maskHeads = withMask
            ? [.. stds.Select(_ => new FCNMaskHead(Int("num_classes"), Int("mask_num_convs"), Int("mask_roi_feat_size"), Int("in_channels"),
                convOutChannels: Int("in_channels")))]
            : null;
        RcnnTrainConfig[] trainCfg = [.. ious.Select(t => new RcnnTrainConfig(new MaxIoUAssigner(t, t, minPosIou: t, matchLowQuality: false),
            new RandomSampler(Int("sampler_num"), Double("pos_fraction"), addGtAsProposals: true, generator: new Generator(0)), maskSize: Int("mask_size")))];
        var testCfg = new RcnnTestConfig(Double("score_thr"), new NmsConfig(Double("nms_iou")), withMask ? Int("mask_max_per_img") : Int("max_per_img"),
            Double("mask_thr_binary"));
        var head = new CascadeRoIHead(3, Doubles(Settings.GetProperty("stage_loss_weights")), Extractor("roi_feat_size"), bboxHeads,
            withMask ? Extractor("mask_roi_feat_size") : null, maskHeads, trainCfg, testCfg);
        var golden = Golden.GetProperty("params");
        var overrides = Golden.GetProperty("class_specific").GetProperty("params");
        var parameters = head.named_parameters().ToList();
        Assert.Equal(golden.EnumerateObject().Select(p => p.Name).Where(n => withMask || !n.StartsWith("mask_head", StringComparison.Ordinal)).Order(),
            parameters.Select(p => p.name).Order());
        using (no_grad())
            foreach (var (name, p) in parameters)
                p.copy_(GoldenFeatures.Decode(!classAgnostic && overrides.TryGetProperty(name, out var own) ? own : golden.GetProperty(name)));
        return head;
    }

    static Tensor[] Features() => [.. Golden.GetProperty("features").EnumerateArray().Select(GoldenFeatures.Decode)];

    static ImageMeta Meta(int i)
    {
        var pad = (Settings.GetProperty("pad_shape")[0].GetInt32(), Settings.GetProperty("pad_shape")[1].GetInt32());
        var scale = Settings.GetProperty("scale_factors")[i];
        return new ImageMeta(i, $"cascade{i}.png", Shape("ori_shapes", i), Shape("img_shapes", i), pad, (scale[0].GetDouble(), scale[1].GetDouble()))
        { BatchInputShape = pad };
    }

    static InstanceData Proposals(int i)
    {
        var boxes = Boxes(Golden.GetProperty("proposals")[i]);
        return new InstanceData(boxes, zeros(boxes.shape[0], dtype: ScalarType.Int64), ones(boxes.shape[0]));
    }

    /// <summary>Row-major run lengths (first run: false pixels) back to a boolean mask.</summary>
    static Tensor DecodeRle(JsonElement counts, int h, int w)
    {
        var flat = new bool[h * w];
        int at = 0;
        bool value = false;
        foreach (var run in counts.EnumerateArray())
        {
            int n = run.GetInt32();
            if (value) Array.Fill(flat, true, at, n);
            at += n;
            value = !value;
        }
        Assert.Equal(h * w, at);
        return tensor(flat).view(h, w);
    }

    static DetDataSample Sample(int i, bool empty = false)
    {
        var gt = Golden.GetProperty("gts")[i];
        var (h, w) = (Settings.GetProperty("pad_shape")[0].GetInt32(), Settings.GetProperty("pad_shape")[1].GetInt32());
        if (empty) return new DetDataSample(Meta(i), new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), masks: zeros(0, h, w, dtype: ScalarType.Bool)));
        var masks = stack([.. gt.GetProperty("masks").EnumerateArray().Select(m => DecodeRle(m, h, w))]);
        var labels = gt.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        return new DetDataSample(Meta(i), new InstanceData(Boxes(gt.GetProperty("bboxes")), tensor(labels), masks: masks));
    }

    /// <summary>Cascade R-CNN, Cascade Mask R-CNN, the second image without ground truths (all its boxes negatives at every
    /// stage), and class-specific regression (refinement by the target class, the predicted one for negatives).</summary>
    [Theory]
    [InlineData("losses")]
    [InlineData("mask_losses")]
    [InlineData("losses_second_image_without_gt")]
    [InlineData("class_specific.losses")]
    public void Losses_match_MMDetection(string golden)
    {
        using var scope = NewDisposeScope();
        bool withMask = golden == "mask_losses", classSpecific = golden.StartsWith("class_specific", StringComparison.Ordinal);
        using var head = Head(withMask, classAgnostic: !classSpecific);
        head.train();
        var losses = head.Loss(Features(), [Proposals(0), Proposals(1)], [Sample(0), Sample(1, empty: golden == "losses_second_image_without_gt")]);
        var expected = Property(golden);
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), losses.Keys.Order());
        foreach (var item in expected.EnumerateObject())
        {
            double want = item.Value.GetDouble(), got = losses[item.Name].item<float>();
            output.WriteLine($"{golden} {item.Name}: C# {got:R}, reference {want:R}, relative error {Math.Abs(got - want) / Math.Abs(want):E2}");
            Assert.True(Math.Abs(got - want) <= 1e-5 * Math.Abs(want), $"{item.Name}: {got} vs reference {want}");
        }
    }

    static JsonElement Property(string path) => path.Split('.').Aggregate(Golden, (e, name) => e.GetProperty(name));

    [Theory]
    [InlineData("class_specific.detections", false, false)]
    [InlineData("class_specific.detections_rescaled", true, false)]
    [InlineData("detections", false, false)]
    [InlineData("detections_rescaled", true, false)]
    [InlineData("mask_detections", false, true)]
    [InlineData("mask_detections_rescaled", true, true)]
    public void Detections_match_MMDetection(string golden, bool rescale, bool withMask)
    {
        using var scope = NewDisposeScope();
        using var head = Head(withMask, classAgnostic: !golden.StartsWith("class_specific", StringComparison.Ordinal));
        head.eval();
        using var _ = no_grad();
        var results = head.Predict(Features(), [Proposals(0), Proposals(1)], [Meta(0), Meta(1)], rescale);
        for (int i = 0; i < 2; i++)
        {
            var want = Property(golden)[i];
            var boxes = want.GetProperty("bboxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => v.GetDouble())).ToArray();
            var scores = Doubles(want.GetProperty("scores"));
            var labels = want.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(labels, results[i].Labels.data<long>().ToArray());
            var gotBoxes = results[i].Bboxes.reshape(-1).to(ScalarType.Float64).data<double>().ToArray();
            var gotScores = results[i].Scores!.to(ScalarType.Float64).data<double>().ToArray();
            Assert.Equal(boxes.Length, gotBoxes.Length);
            double boxErr = boxes.Zip(gotBoxes, (a, b) => Math.Abs(a - b)).DefaultIfEmpty().Max();
            double boxExcess = boxes.Zip(gotBoxes, (a, b) => Math.Abs(a - b) - (1e-4 + 1e-6 * Math.Abs(a))).DefaultIfEmpty(-1).Max();
            double boxRel = boxes.Zip(gotBoxes, (a, b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), 1)).DefaultIfEmpty().Max();
            double scoreErr = scores.Zip(gotScores, (a, b) => Math.Abs(a - b)).DefaultIfEmpty().Max();
            string line = $"{golden} image {i}: {labels.Length} detections, max box error {boxErr:E2} px ({boxRel:E2} relative), max score error {scoreErr:E2}";
            if (withMask)
            {
                var shape = want.GetProperty("mask_shape");
                int h = shape[0].GetInt32(), w = shape[1].GetInt32();
                var masks = results[i].Masks!;
                Assert.Equal(new long[] { labels.Length, h, w }, masks.shape);
                int worst = 0;
                long pixels = 0;
                for (int k = 0; k < labels.Length; k++)
                {
                    var expectedMask = DecodeRle(want.GetProperty("masks")[k], h, w);
                    worst = Math.Max(worst, (int)masks[k].ne(expectedMask).sum().item<long>());
                    pixels += expectedMask.sum().item<long>();
                }
                line += $", masks: {pixels} foreground pixels, at most {worst} differing per detection";
                Assert.True(worst <= MaxMaskPixelDiff, $"{golden} image {i}: {worst} mask pixels differ");
            }
            output.WriteLine(line);
            Assert.True(boxExcess <= 0, $"{golden} image {i}: box error {boxErr}");
            Assert.True(scoreErr <= 1e-4, $"{golden} image {i}: score error {scoreErr}");
        }
    }
}
