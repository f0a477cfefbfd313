using System.Text.RegularExpressions;
using Detect.Checkpoints;
using Detect.Config;
using Detect.Models.Converters;
using Detect.Models.Zoo;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Converters;

/// <summary>
/// The Detectron2 zoo experiments take <c>--from detectron2</c> weights: each experiment's own state dict, renamed to
/// Detectron2's layout (the converter's inverse, written out here, RetinaNet's anchors made size-major) and saved as a
/// Detectron2 checkpoint <c>{"model": ...}</c>, converts back to the same keys and identical tensors and loads strictly.
/// </summary>
public sealed class Detectron2ExperimentTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("detect-d2-").FullName;

    public Detectron2ExperimentTests() => TorchRuntime.EnsureInitialized();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly (string Pattern, string Replacement)[] Inverse =
    [
        (@"^backbone\.conv1\.weight$", "backbone.bottom_up.stem.conv1.weight"),
        (@"^backbone\.bn1\.(.+)$", "backbone.bottom_up.stem.conv1.norm.$1"),
        (@"^backbone\.layer(\d)\.(\d+)\.conv(\d)\.weight$", "backbone.bottom_up.res<$1>.$2.conv$3.weight"),
        (@"^backbone\.layer(\d)\.(\d+)\.bn(\d)\.(.+)$", "backbone.bottom_up.res<$1>.$2.conv$3.norm.$4"),
        (@"^backbone\.layer(\d)\.(\d+)\.downsample\.0\.weight$", "backbone.bottom_up.res<$1>.$2.shortcut.weight"),
        (@"^backbone\.layer(\d)\.(\d+)\.downsample\.1\.(.+)$", "backbone.bottom_up.res<$1>.$2.shortcut.norm.$3"),
        (@"^neck\.lateral_convs\.(\d)\.conv\.(.+)$", "backbone.fpn_lateral[$1].$2"),
        (@"^neck\.fpn_convs\.(\d)\.conv\.(.+)$", "backbone.fpn_output[$1].$2"),
        (@"^rpn_head\.rpn_conv\.(.+)$", "proposal_generator.rpn_head.conv.$1"),
        (@"^rpn_head\.rpn_cls\.(.+)$", "proposal_generator.rpn_head.objectness_logits.$1"),
        (@"^rpn_head\.rpn_reg\.(.+)$", "proposal_generator.rpn_head.anchor_deltas.$1"),
        (@"^roi_head\.bbox_head\.shared_fcs\.(\d)\.(.+)$", "roi_heads.box_head.fc<$1>.$2"),
        (@"^roi_head\.bbox_head\.fc_cls\.(.+)$", "roi_heads.box_predictor.cls_score.$1"),
        (@"^roi_head\.bbox_head\.fc_reg\.(.+)$", "roi_heads.box_predictor.bbox_pred.$1"),
        (@"^roi_head\.mask_head\.convs\.(\d)\.conv\.(.+)$", "roi_heads.mask_head.mask_fcn<$1>.$2"),
        (@"^roi_head\.mask_head\.upsample\.(.+)$", "roi_heads.mask_head.deconv.$1"),
        (@"^roi_head\.mask_head\.conv_logits\.(.+)$", "roi_heads.mask_head.predictor.$1"),
        (@"^bbox_head\.cls_convs\.(\d)\.conv\.(.+)$", "head.cls_subnet.{$1}.$2"),
        (@"^bbox_head\.reg_convs\.(\d)\.conv\.(.+)$", "head.bbox_subnet.{$1}.$2"),
        (@"^bbox_head\.retina_cls\.(.+)$", "head.cls_score.$1"),
        (@"^bbox_head\.retina_reg\.(.+)$", "head.bbox_pred.$1"),
    ];

    // <n> is n + 1 (layerN -> res(N+1), shared_fcs.i -> fc(i+1)...), {n} is 2n (tower convs), [n] an FPN level (or top_block).
    static string ToDetectron2(string key, int lowest, int levels)
    {
        foreach (var (pattern, replacement) in Inverse)
        {
            var m = Regex.Match(key, pattern);
            if (!m.Success) continue;
            string name = m.Result(replacement);
            name = Regex.Replace(name, @"<(\d+)>", g => (int.Parse(g.Groups[1].Value) + 1).ToString());
            name = Regex.Replace(name, @"\{(\d+)\}", g => (2 * int.Parse(g.Groups[1].Value)).ToString());
            return Regex.Replace(name, @"fpn_(lateral|output)\[(\d+)\]", g =>
            {
                int i = int.Parse(g.Groups[2].Value);
                return i < levels ? $"fpn_{g.Groups[1].Value}{i + lowest}" : $"top_block.p{i - levels + 6}";
            });
        }
        throw new ArgumentException($"no Detectron2 name for {key}");
    }

    // MMDetection's ratio-major anchors -> Detectron2's size-major (3 sizes × 3 ratios).
    static StoredTensor SizeMajor(StoredTensor t)
    {
        using var scope = NewDisposeScope();
        var v = t.ToTensor();
        long[] rest = v.shape[1..];
        return StoredTensor.FromTensor(v.reshape([3, 3, v.shape[0] / 9, .. rest]).transpose(0, 1).reshape([-1, .. rest]).contiguous());
    }

    [Theory]
    [InlineData(nameof(Detectron2FasterRcnnR50Fpn3x), 2, 4)]
    [InlineData(nameof(Detectron2MaskRcnnR50Fpn3x), 2, 4)]
    [InlineData(nameof(Detectron2RetinaNetR50Fpn3x), 3, 3)]
    public void ADetectron2CheckpointOfTheExperimentConvertsBackExactly(string name, int lowest, int levels)
    {
        var experiment = ExperimentCatalog.Find(name, [typeof(Detectron2FasterRcnnR50Fpn3x).Assembly]);
        string printed = ConfigPrinter.Print(experiment.Config).Replace("\n", "").Replace(" ", "");
        Assert.Contains("style='caffe'", printed, StringComparison.Ordinal);
        Assert.Contains("mean=[103.53,116.28,123.675]", printed, StringComparison.Ordinal);
        Assert.Contains("std=[1.0,1.0,1.0]", printed, StringComparison.Ordinal);
        Assert.Contains("bgr_to_rgb=False", printed, StringComparison.Ordinal);
        Assert.Contains("requires_grad=False", printed, StringComparison.Ordinal);
        Assert.Equal(lowest == 3, printed.Contains("relu_before_extra_convs=True", StringComparison.Ordinal));
        using var model = experiment.BuildModel();
        var own = StateDict.FromModule(model);
        var d2 = new StateDict("<detectron2>");
        foreach (var (key, tensor) in own)
        {
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue; // FrozenBN has none
            d2[ToDetectron2(key, lowest, levels)] = key.StartsWith("bbox_head.retina_", StringComparison.Ordinal) ? SizeMajor(tensor) : tensor;
        }
        string path = Path.Combine(folder, name + ".pth");
        TorchCheckpointWriter.Save(path, new Dictionary<string, object?> { ["model"] = d2 });

        var (result, check) = CheckpointConverters.Convert("detectron2", null, path);
        Assert.Null(check);
        var report = CheckpointLoader.LoadStateDict(model, result.StateDict, strict: true);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.Equal(own.Keys.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            result.StateDict.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in result.StateDict)
        {
            using var a = tensor.ToTensor();
            using var e = own[key].ToTensor();
            Assert.True(a.shape.SequenceEqual(e.shape) && a.eq(e).all().item<bool>(), $"{name}: {key} differs");
        }
    }
}
