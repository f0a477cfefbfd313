using System.Text.Json;
using Detect.Models.DenseHeads;
using Detect.Models.Layers;
using Detect.Models.PostProcessing;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DenseHeads;

/// <summary>
/// ATSSHead against tests/golden/models/make_atss_goldens.py, which re-implements MMDetection 3.x's <c>ATSSHead</c>
/// (ATSS assignment, focal / GIoU / centerness losses, predict_by_feat with centerness as score factor) in torch 1.13:
/// the same seeded parameters and features (2 images, strides 8 and 16 on a 64×64 pad, three ground truths) give the same
/// losses and detections. Tolerance: 1e-5 relative on the losses, 1e-4 absolute on boxes (pixels) and scores.
/// </summary>
public sealed class ATSSHeadGoldenTests(ITestOutputHelper output)
{
    static ATSSHeadGoldenTests() => TorchRuntime.EnsureInitialized();

    static readonly JsonElement Golden =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "atss_head.golden.json"))).RootElement;

    static JsonElement Settings => Golden.GetProperty("settings");

    static Tensor Read(JsonElement e) =>
        tensor(e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray())
            .reshape([.. e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64())]);

    static ATSSHead Head()
    {
        var head = new ATSSHead(Settings.GetProperty("num_classes").GetInt32(), Settings.GetProperty("in_channels").GetInt32(),
            new AnchorGenerator(strides: [8, 16], ratios: [1.0], octaveBaseScale: 8, scalesPerOctave: 1),
            featChannels: Settings.GetProperty("feat_channels").GetInt32(), stackedConvs: 1, normCfg: NormConfig.GN(Settings.GetProperty("gn_groups").GetInt32()),
            trainCfg: new DenseTrainConfig(new AtssAssigner(Settings.GetProperty("topk").GetInt32())),
            testCfg: new DenseTestConfig(nmsPre: Settings.GetProperty("nms_pre").GetInt32(), scoreThr: Settings.GetProperty("score_thr").GetDouble(),
                nms: new NmsConfig(Settings.GetProperty("nms_iou").GetDouble()), maxPerImg: Settings.GetProperty("max_per_img").GetInt32()));
        var golden = Golden.GetProperty("params");
        var parameters = head.named_parameters().ToList();
        Assert.Equal(golden.EnumerateObject().Select(p => p.Name).Order(), parameters.Select(p => p.name).Order());
        using (no_grad())
            foreach (var (name, p) in parameters) p.copy_(Read(golden.GetProperty(name)));
        return head;
    }

    static Tensor[] Features() => [.. Golden.GetProperty("features").EnumerateArray().Select(Read)];

    static ImageMeta Meta(int i)
    {
        var shape = Settings.GetProperty("img_shapes")[i];
        var img = (shape[0].GetInt32(), shape[1].GetInt32());
        var pad = (Settings.GetProperty("pad_shape")[0].GetInt32(), Settings.GetProperty("pad_shape")[1].GetInt32());
        return new ImageMeta(i, $"atss{i}.png", img, img, pad, (1, 1)) { BatchInputShape = pad };
    }

    static DetDataSample Sample(int i, bool empty = false)
    {
        if (empty) return new DetDataSample(Meta(i), new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64)));
        var gt = Golden.GetProperty("gts")[i];
        var boxes = gt.GetProperty("bboxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        var labels = gt.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        return new DetDataSample(Meta(i), new InstanceData(tensor(boxes).view(-1, 4), tensor(labels)));
    }

    /// <summary>Both images with their ground truths; then the second without any (its anchors all negatives).</summary>
    [Theory]
    [InlineData("losses")]
    [InlineData("losses_second_image_empty")]
    public void Losses_match_MMDetection(string golden)
    {
        using var scope = NewDisposeScope();
        using var head = Head();
        head.train();
        var losses = head.Loss(Features(), [Sample(0), Sample(1, empty: golden == "losses_second_image_empty")]);
        var expected = Golden.GetProperty(golden);
        foreach (var key in new[] { "loss_cls", "loss_bbox", "loss_centerness" })
        {
            double want = expected.GetProperty(key).GetDouble(), got = losses[key].item<float>();
            output.WriteLine($"{golden} {key}: C# {got:R}, reference {want:R}, relative error {Math.Abs(got - want) / Math.Abs(want):E2}");
            Assert.True(Math.Abs(got - want) <= 1e-5 * Math.Abs(want), $"{golden} {key}: {got} vs reference {want}");
        }
    }

    [Fact]
    public void Detections_match_MMDetection()
    {
        using var scope = NewDisposeScope();
        using var head = Head();
        head.eval();
        using var _ = no_grad();
        var results = head.Predict(Features(), [Meta(0), Meta(1)], rescale: false);
        for (int i = 0; i < 2; i++)
        {
            var want = Golden.GetProperty("detections")[i];
            var boxes = want.GetProperty("bboxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => v.GetDouble())).ToArray();
            var scores = want.GetProperty("scores").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var labels = want.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(labels, results[i].Labels.data<long>().ToArray());
            var gotBoxes = results[i].Bboxes.reshape(-1).to(ScalarType.Float64).data<double>().ToArray();
            var gotScores = results[i].Scores!.to(ScalarType.Float64).data<double>().ToArray();
            double boxErr = boxes.Zip(gotBoxes, (a, b) => Math.Abs(a - b)).DefaultIfEmpty().Max();
            double scoreErr = scores.Zip(gotScores, (a, b) => Math.Abs(a - b)).DefaultIfEmpty().Max();
            output.WriteLine($"image {i}: {labels.Length} detections, max box error {boxErr:E2} px, max score error {scoreErr:E2}");
            Assert.Equal(boxes.Length, gotBoxes.Length);
            Assert.True(boxErr <= 1e-4, $"image {i}: box error {boxErr}");
            Assert.True(scoreErr <= 1e-4, $"image {i}: score error {scoreErr}");
        }
    }
}
