using Detect.Checkpoints;
using Detect.Models.Backbones;
using TorchSharp;

namespace Detect.Models.Converters;

/// <summary>
/// <c>--from torchvision</c>: torchvision checkpoints (<c>torch.save(model.state_dict())</c>, or a reference
/// script's <c>{"model": ...}</c>) to Detect's names, per architecture.
/// </summary>
/// <remarks>
/// Backbones now: resnet18–152, resnext50_32x4d / resnext101_32x8d / resnext101_64x4d, and the regnet_x
/// presets whose expansion equals MMDetection's. <c>regnet_x_400mf</c> is left out on purpose: torchvision
/// rounds its last stage to 400 channels (392/16 = 24.5 rounded up), MMDetection and pycls to 384 (half to
/// even), so no MMDetection RegNet has its shapes. Detection models (fasterrcnn_resnet50_fpn...) are added
/// to <see cref="Archs"/> as entries composed from <see cref="TorchvisionKeys"/>.
/// </remarks>
public sealed class TorchvisionConverter : ICheckpointConverter
{
    sealed record Arch(Func<KeyMap> Keys, Func<torch.nn.Module>? Model);

    readonly Dictionary<string, Arch> archs = new()
    {
        ["resnet18"] = ResNetArch(18),
        ["resnet34"] = ResNetArch(34),
        ["resnet50"] = ResNetArch(50),
        ["resnet101"] = ResNetArch(101),
        ["resnet152"] = ResNetArch(152),
        ["resnext50_32x4d"] = ResNeXtArch(50, 32, 4),
        ["resnext101_32x8d"] = ResNeXtArch(101, 32, 8),
        ["resnext101_64x4d"] = ResNeXtArch(101, 64, 4),
        ["regnet_x_800mf"] = RegNetArch(new(56, 35.73, 2.28, 16, 16)),
        ["regnet_x_1_6gf"] = RegNetArch(new(80, 34.01, 2.25, 24, 18)),
        ["regnet_x_3_2gf"] = RegNetArch(new(88, 26.31, 2.25, 48, 25)),
        ["regnet_x_8gf"] = RegNetArch(new(80, 49.56, 2.88, 120, 23)),
        ["regnet_x_16gf"] = RegNetArch(new(216, 55.59, 2.1, 128, 22)),
        ["regnet_x_32gf"] = RegNetArch(new(320, 69.86, 2.0, 168, 23)),
    };

    /// <inheritdoc/>
    public string Name => "torchvision";

    /// <inheritdoc/>
    public IReadOnlyList<string> Archs => [.. archs.Keys];

    /// <inheritdoc/>
    public ConversionResult Convert(Checkpoint source, string? arch)
    {
        if (arch is null || !archs.TryGetValue(arch, out var a))
            throw new ArgumentException($"--from torchvision needs --arch, one of: {string.Join(", ", archs.Keys)}", nameof(arch));
        // torchvision's reference training scripts save {"model": state_dict, "optimizer": ..., "epoch": ...}.
        var state = source.Root is Checkpoints.Pickle.PickleDict root && root.ContainsKey("model") ? source.GetStateDict("model") : source.StateDict;
        var result = a.Keys().Apply(state);
        return new ConversionResult(result.StateDict, result.Dropped, a.Model);
    }

    static Arch ResNetArch(int depth) => new(TorchvisionKeys.ResNet, () => new ResNet(depth));

    static Arch ResNeXtArch(int depth, int groups, int baseWidth) => new(TorchvisionKeys.ResNet, () => new ResNeXt(depth, groups, baseWidth));

    static Arch RegNetArch(RegNetArch arch) => new(TorchvisionKeys.RegNet, () => new RegNet(arch));
}
