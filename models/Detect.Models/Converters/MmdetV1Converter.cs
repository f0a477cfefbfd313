using System.Globalization;
using System.Text.RegularExpressions;
using Detect.Checkpoints;

namespace Detect.Models.Converters;

/// <summary>
/// <c>--from mmdet-v1</c>: MMDetection V1.x checkpoints to V2+ (Detect's) layout, as MMDetection's
/// <c>tools/model_converters/upgrade_model_version.py</c> does: classifier channels reordered (background from first to
/// last), the background removed from box regression and mask outputs, two-stage heads moved under <c>roi_head.</c>, and
/// RetinaNet's pre-0.5.3 tower convs renamed to ConvModule's <c>.conv.</c>.
/// </summary>
/// <remarks>
/// <para>The facts the script reads from the checkpoint's <c>meta</c> are read the same way: <c>mmdet_version</c> (RPN
/// classifiers are reordered for models older than 2.5.0, RetinaNet towers renamed up to 0.5.3) and the config text
/// (<c>RetinaHead</c>, <c>SSDHead</c>, <c>reg_class_agnostic=True</c> or a list of box heads, <c>num_classes</c>); two-stage
/// models are recognised by their <c>rpn_head.</c> weights. <c>numClasses</c> (the script's <c>--num-classes</c>, background
/// included, 81 for COCO) overrides the config's.</para>
/// <para>One deliberate difference: the script drops the background from weights (first class) but from biases it keeps
/// the first K − 1 entries, i.e. it drops the last class's bias and shifts the others; and it rotates the bias of every
/// classifier, sigmoid ones included, while leaving their weights. Here weight and bias always change together (the
/// background removed or moved for both, sigmoid classifiers untouched), which is what makes V1 weights give V1 results.
/// Run the result with the legacy modules (LegacyAnchorGenerator, LegacyDeltaXYWHBBoxCoder, RoIAlign aligned=false).</para>
/// </remarks>
public sealed class MmdetV1Converter : ICheckpointConverter
{
    static readonly string[] Heads = ["bbox_head", "mask_head", "semantic_head", "grid_head", "mask_iou_head"];

    /// <inheritdoc/>
    public string Name => "mmdet-v1";

    /// <inheritdoc/>
    public IReadOnlyList<string> Archs => [];

    /// <inheritdoc/>
    public ConversionResult Convert(Checkpoint source, string? arch, int? numClasses = null)
    {
        var state = source.StateDict;
        string config = source.Meta?.GetValueOrNull("config") as string ?? "";
        string version = source.Meta?.GetValueOrNull("mmdet_version") as string ?? "1.0";
        int classes = numClasses ?? ConfigClasses(config) ?? 81;
        bool twoStage = state.Keys.Any(k => k.StartsWith("rpn_head.", StringComparison.Ordinal));
        bool retina = !twoStage && config.Contains("RetinaHead", StringComparison.Ordinal);
        bool ssd = !twoStage && config.Contains("SSDHead", StringComparison.Ordinal);
        bool regClassAgnostic = twoStage && (Regex.IsMatch(config, @"bbox_head\s*=\s*\[") || Regex.IsMatch(config, @"reg_class_agnostic\s*=\s*True"));
        // Python string comparisons, as the script makes them.
        bool upgradeRetina = retina && string.CompareOrdinal(version, "0.5.3") <= 0;
        bool upgradeRpn = string.CompareOrdinal(version, "2.5.0") < 0;

        var clsLayers = new Regex(upgradeRpn ? @"(conv_cls|retina_cls|rpn_cls|fc_cls|fcos_cls|fovea_cls)\.(weight|bias)" : @"(conv_cls|retina_cls|fc_cls|fcos_cls|fovea_cls)\.(weight|bias)");
        var regLayers = new Regex(upgradeRpn ? @"(fc_reg)\.(weight|bias)" : @"(fc_reg|rpn_reg)\.(weight|bias)");
        var converted = new StateDict(state.Source);
        foreach (var (key, value) in state)
        {
            string newKey = twoStage && Heads.Any(h => key.StartsWith(h, StringComparison.Ordinal)) ? "roi_head." + key : key;
            var tower = Regex.Match(key, @"(cls_convs|reg_convs)\.\d+\.(weight|bias)$");
            if (upgradeRetina && tower.Success)
            {
                converted[key[..tower.Groups[2].Index] + "conv." + tower.Groups[2].Value] = value;
                continue;
            }
            var newValue = value;
            if (clsLayers.IsMatch(newKey) || (ssd && Regex.IsMatch(key, @"cls_convs\.\d+\.(weight|bias)")))
                newValue = Divides(value, classes) ? ClassChannels.BackgroundLast(value, classes) : value;
            if (regLayers.IsMatch(newKey) && !regClassAgnostic && Divides(value, classes))
                newValue = ClassChannels.DropBackground(value, classes, per: (int)(value.Shape[0] / classes));
            if (Regex.IsMatch(newKey, @"conv_logits\.(weight|bias)") && Divides(value, classes))
                newValue = ClassChannels.DropBackground(value, classes, per: (int)(value.Shape[0] / classes));
            converted[newKey] = newValue;
        }
        return new ConversionResult(converted, [], null);
    }

    static bool Divides(StoredTensor t, int classes) => t.Shape.Length > 0 && t.Shape[0] % classes == 0;

    static int? ConfigClasses(string config) =>
        Regex.Match(config, @"num_classes\s*=\s*(\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
}
