using System.Globalization;
using System.Text.RegularExpressions;
using Detect.Checkpoints;
using static TorchSharp.torch;

namespace Detect.Models.Converters;

/// <summary>
/// <c>--from detectron2</c>: Detectron2 checkpoints of R50-FPN Faster R-CNN, Mask R-CNN and RetinaNet — the model zoo's
/// <c>.pkl</c> (a pickle of <c>{"model": {name: numpy.ndarray}, "__author__": ..., "matching_heuristics": ...}</c>) or a
/// <c>.pth</c> written by Detectron2's checkpointer (<c>{"model": state_dict, ...}</c>) — to Detect's (MMDetection's) names.
/// </summary>
/// <remarks>
/// <para>Keys: <c>backbone.bottom_up.stem.conv1(.norm)</c> → <c>backbone.conv1</c>/<c>bn1</c>; <c>resN.i.convK(.norm)</c> →
/// <c>layer(N−1).i.convK</c>/<c>bnK</c>; <c>shortcut(.norm)</c> → <c>downsample.0/1</c>; <c>backbone.fpn_lateralL</c> /
/// <c>fpn_outputL</c> → <c>neck.lateral_convs.i.conv</c> / <c>neck.fpn_convs.i.conv</c> (i = L − the lowest level present:
/// 2 for R-CNN, 3 for RetinaNet); <c>top_block.p6/p7</c> → the FPN's extra convs after them;
/// <c>proposal_generator.rpn_head.conv/objectness_logits/anchor_deltas</c> → <c>rpn_head.rpn_conv/rpn_cls/rpn_reg</c>;
/// <c>roi_heads.box_head.fcN</c> → <c>roi_head.bbox_head.shared_fcs.(N−1)</c>; <c>box_predictor.cls_score/bbox_pred</c> →
/// <c>fc_cls</c>/<c>fc_reg</c> (unchanged: Detectron2 already puts the background last and has no background box);
/// <c>roi_heads.mask_head.mask_fcnN/deconv/predictor</c> → <c>roi_head.mask_head.convs.(N−1).conv/upsample/conv_logits</c>;
/// RetinaNet's <c>head.cls_subnet.2i/bbox_subnet.2i</c> → <c>bbox_head.cls_convs.i.conv/reg_convs.i.conv</c>,
/// <c>head.cls_score/bbox_pred</c> → <c>bbox_head.retina_cls/retina_reg</c>. Detectron2's FrozenBN has no
/// <c>num_batches_tracked</c>, which loading does not require.</para>
/// <para>RetinaNet's anchors: Detectron2 enumerates a location's anchors size-major (size outer, aspect ratio inner), MMDetection's
/// AnchorGenerator (scale_major=True, every zoo RetinaNet) ratio-major, so the outputs of <c>retina_cls</c> and <c>retina_reg</c>
/// are reordered here, assuming Detectron2's 3 sizes × 3 aspect ratios per level: the converted weights then work with any
/// MMDetection-style RetinaNet experiment. Dense RPN heads have one size per level, so their order is the same.</para>
/// </remarks>
public sealed class Detectron2Converter : ICheckpointConverter
{
    /// <summary>Anchor sizes per level of Detectron2's RetinaNet (ANCHOR_GENERATOR.SIZES: x·2^(0, 1/3, 2/3)).</summary>
    public const int RetinaNetSizes = 3;

    /// <inheritdoc/>
    public string Name => "detectron2";

    /// <inheritdoc/>
    public IReadOnlyList<string> Archs => [];

    /// <summary>The key rules, for FPN levels starting at <paramref name="lowestLevel"/> with <paramref name="levels"/> lateral convs;
    /// <paramref name="anchorOrder"/> reorders RetinaNet's output channels (identity for two-stage detectors).</summary>
    public static KeyMap Keys(int lowestLevel, int levels, Func<StoredTensor, StoredTensor> anchorOrder) => new KeyMap()
        .Rename(@"backbone\.bottom_up\.stem\.conv1\.weight", "backbone.conv1.weight")
        .Rename(@"backbone\.bottom_up\.stem\.conv1\.norm\.(.+)", "backbone.bn1.$1")
        .Rename(@"backbone\.bottom_up\.res([2-5])\.(\d+)\.conv([1-3])\.weight", m => $"backbone.layer{Int(m, 1) - 1}.{m.Groups[2].Value}.conv{m.Groups[3].Value}.weight")
        .Rename(@"backbone\.bottom_up\.res([2-5])\.(\d+)\.conv([1-3])\.norm\.(.+)", m => $"backbone.layer{Int(m, 1) - 1}.{m.Groups[2].Value}.bn{m.Groups[3].Value}.{m.Groups[4].Value}")
        .Rename(@"backbone\.bottom_up\.res([2-5])\.(\d+)\.shortcut\.weight", m => $"backbone.layer{Int(m, 1) - 1}.{m.Groups[2].Value}.downsample.0.weight")
        .Rename(@"backbone\.bottom_up\.res([2-5])\.(\d+)\.shortcut\.norm\.(.+)", m => $"backbone.layer{Int(m, 1) - 1}.{m.Groups[2].Value}.downsample.1.{m.Groups[3].Value}")
        .Rename(@"backbone\.fpn_lateral(\d)\.(.+)", m => $"neck.lateral_convs.{Int(m, 1) - lowestLevel}.conv.{m.Groups[2].Value}")
        .Rename(@"backbone\.fpn_output(\d)\.(.+)", m => $"neck.fpn_convs.{Int(m, 1) - lowestLevel}.conv.{m.Groups[2].Value}")
        .Rename(@"backbone\.top_block\.p6\.(.+)", $"neck.fpn_convs.{levels}.conv.$1")
        .Rename(@"backbone\.top_block\.p7\.(.+)", $"neck.fpn_convs.{levels + 1}.conv.$1")
        .Rename(@"proposal_generator\.rpn_head\.conv\.(.+)", "rpn_head.rpn_conv.$1")
        .Rename(@"proposal_generator\.rpn_head\.objectness_logits\.(.+)", "rpn_head.rpn_cls.$1")
        .Rename(@"proposal_generator\.rpn_head\.anchor_deltas\.(.+)", "rpn_head.rpn_reg.$1")
        .Rename(@"roi_heads\.box_head\.fc(\d)\.(.+)", m => $"roi_head.bbox_head.shared_fcs.{Int(m, 1) - 1}.{m.Groups[2].Value}")
        .Rename(@"roi_heads\.box_predictor\.cls_score\.(.+)", "roi_head.bbox_head.fc_cls.$1")
        .Rename(@"roi_heads\.box_predictor\.bbox_pred\.(.+)", "roi_head.bbox_head.fc_reg.$1")
        .Rename(@"roi_heads\.mask_head\.mask_fcn(\d)\.(.+)", m => $"roi_head.mask_head.convs.{Int(m, 1) - 1}.conv.{m.Groups[2].Value}")
        .Rename(@"roi_heads\.mask_head\.deconv\.(.+)", "roi_head.mask_head.upsample.$1")
        .Rename(@"roi_heads\.mask_head\.predictor\.(.+)", "roi_head.mask_head.conv_logits.$1")
        .Rename(@"head\.cls_subnet\.(\d+)\.(.+)", m => $"bbox_head.cls_convs.{Tower(m)}.conv.{m.Groups[2].Value}")
        .Rename(@"head\.bbox_subnet\.(\d+)\.(.+)", m => $"bbox_head.reg_convs.{Tower(m)}.conv.{m.Groups[2].Value}")
        .Transform(@"head\.cls_score\.(.+)", "bbox_head.retina_cls.$1", anchorOrder)
        .Transform(@"head\.bbox_pred\.(.+)", "bbox_head.retina_reg.$1", anchorOrder)
        // The pixel mean/std buffers Detectron2's GeneralizedRCNN keeps in some checkpoints are the data preprocessor's settings here.
        .Drop(@"pixel_(mean|std)");

    /// <inheritdoc/>
    public ConversionResult Convert(Checkpoint source, string? arch, int? numClasses = null)
    {
        if (arch is not null)
            throw new ArgumentException("--from detectron2 takes no --arch: the architecture is read from the checkpoint's keys", nameof(arch));
        var state = source.GetStateDict("model");
        var lateral = state.Keys.Select(k => Regex.Match(k, @"^backbone\.fpn_lateral(\d)\.weight$")).Where(m => m.Success).Select(m => Int(m, 1)).ToList();
        if (lateral.Count == 0)
            throw new KeyMapException(source.Path, "no backbone.fpn_lateralN.weight: only Detectron2's R-CNN and RetinaNet FPN models are supported");
        int anchors = state.TryGetValue("head.bbox_pred.weight", out var reg) ? (int)(reg.Shape[0] / 4) : 0;
        var result = Keys(lateral.Min(), lateral.Count, t => SizeMajorToRatioMajor(t, anchors, source.Path)).Apply(state);
        return new ConversionResult(result.StateDict, result.Dropped, null);
    }

    /// <summary>Reorders a RetinaNet output layer's channels from Detectron2's anchor order (size outer, ratio inner) to
    /// MMDetection's (ratio outer, size inner), keeping each anchor's outputs (classes or deltas) together.</summary>
    static StoredTensor SizeMajorToRatioMajor(StoredTensor t, int anchors, string path)
    {
        if (anchors % RetinaNetSizes != 0 || t.Shape[0] % anchors != 0)
            throw new KeyMapException(path, $"a RetinaNet head with {anchors} anchors per location is not Detectron2's {RetinaNetSizes} sizes × aspect ratios");
        int ratios = anchors / RetinaNetSizes;
        using var scope = NewDisposeScope();
        var value = t.ToTensor();
        long[] rest = value.shape[1..];
        long outputs = t.Shape[0] / anchors;
        var reordered = value.reshape([RetinaNetSizes, ratios, outputs, .. rest]).transpose(0, 1).reshape([-1, .. rest]).contiguous();
        return StoredTensor.FromTensor(reordered, t.Storage.Location);
    }

    static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    // Detectron2's RetinaNet towers: Sequential(conv, ReLU) × 4, so conv i is entry 2i.
    static int Tower(Match m) => Int(m, 1) % 2 == 0
        ? Int(m, 1) / 2
        : throw new ArgumentException($"subnet.{Int(m, 1)} is a ReLU position in Detectron2's RetinaNet tower");
}
