using System.Text.Json;
using Detect.Models.DenseHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DenseHeads;

/// <summary>
/// <see cref="SSDHead"/>'s training loss against MMDetection 3.x's <c>SSDHead.loss_by_feat</c> re-implemented from its source
/// (Golden/ssd_head_loss.golden.json, tests/golden/models/make_ssd_goldens.py): two images (three ground truths and one),
/// torchvision's default boxes on a 64×64 image (372 anchors, 4/6/4/4 per cell), MaxIoU 0.5 with low-quality matches, hard
/// negative mining 3:1 and smooth L1 over the batch's 5 positives. The kept and dropped negatives are at least 0.015 apart,
/// so float rounding cannot change which are mined.
/// </summary>
public sealed class SSDHeadLossGoldenTests(ITestOutputHelper output)
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Golden", "ssd_head_loss.golden.json"))).RootElement;

    static SSDHeadLossGoldenTests() => TorchRuntime.EnsureInitialized();

    static float[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().SelectMany(Flat)] : [e.GetSingle()];

    [Fact]
    public void LossEqualsMMDetections()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchvisionDefaultBoxGenerator([8, 16, 32, 64], [0.1, 0.2, 0.4, 0.7, 1.0], [2, 2, 3, 2, 2], [1, 2, 1, 1], inputSize: 64);
        var head = new SSDHead(3, [8, 8, 8, 8], generator, new TorchvisionBoxCoder([10, 10, 5, 5]),
            trainCfg: new DenseTrainConfig(new MaxIoUAssigner(0.5, 0.5, minPosIou: 0, gtMaxAssignAll: false), negPosRatio: 3));
        var sizes = Golden.GetProperty("featmap_sizes").EnumerateArray().Select(s => (H: s[0].GetInt32(), W: s[1].GetInt32())).ToArray();
        int[] perCell = [4, 6, 4, 4];
        var cls = sizes.Select((s, l) => tensor(Flat(Golden.GetProperty("cls_scores")[l])).view(2, perCell[l] * 4, s.H, s.W)).ToArray();
        var reg = sizes.Select((s, l) => tensor(Flat(Golden.GetProperty("bbox_preds")[l])).view(2, perCell[l] * 4, s.H, s.W)).ToArray();
        var samples = Enumerable.Range(0, 2).Select(i =>
        {
            var boxes = tensor(Flat(Golden.GetProperty("gt_bboxes")[i])).view(-1, 4);
            var labels = tensor(Golden.GetProperty("gt_labels")[i].EnumerateArray().Select(l => l.GetInt64()).ToArray());
            return new DetDataSample(new ImageMeta(i, $"{i}.png", (64, 64), (64, 64), (64, 64), (1, 1)) { BatchInputShape = (64, 64) },
                new InstanceData(boxes, labels));
        }).ToList();

        var losses = head.LossByFeat(new DenseHeadOutputs(cls, reg), samples);
        float lossCls = losses["loss_cls"].item<float>(), lossBbox = losses["loss_bbox"].item<float>();
        float wantCls = Golden.GetProperty("loss_cls").GetSingle(), wantBbox = Golden.GetProperty("loss_bbox").GetSingle();
        output.WriteLine($"loss_cls {lossCls:R} (MMDetection {wantCls:R}), loss_bbox {lossBbox:R} (MMDetection {wantBbox:R})");
        Assert.Equal(wantCls, lossCls, 1e-5 * wantCls);
        Assert.Equal(wantBbox, lossBbox, 1e-5 * wantBbox);
    }
}
