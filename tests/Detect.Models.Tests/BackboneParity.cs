using System.Text.Json;
using Detect.Checkpoints;
using Detect.Models.Backbones;
using Detect.Models.Converters;
using static TorchSharp.torch;

namespace Detect.Models.Tests;

/// <summary>
/// Builds the Detect backbone a golden fixture describes, loads the torchvision weights through the
/// converter's key rules (strictly: every key must map onto the model and every tensor fit), runs it
/// in eval mode and measures the features against torchvision's.
/// </summary>
internal static class BackboneParity
{
    public static Backbone Build(JsonElement model) => model.GetProperty("type").GetString() switch
    {
        "ResNet" => new ResNet(model.GetProperty("depth").GetInt32(), baseChannels: model.GetProperty("base_channels").GetInt32()),
        "ResNeXt" => new ResNeXt(model.GetProperty("depth").GetInt32(), model.GetProperty("groups").GetInt32(),
            model.GetProperty("base_width").GetInt32(), baseChannels: model.GetProperty("base_channels").GetInt32()),
        "RegNet" => new RegNet(Arch(model.GetProperty("arch")), stemChannels: model.GetProperty("stem_channels").GetInt32()),
        var type => throw new ArgumentException($"no backbone type {type}"),
    };

    public static KeyMap Keys(JsonElement model) =>
        model.GetProperty("type").GetString() == "RegNet" ? TorchvisionKeys.RegNet() : TorchvisionKeys.ResNet();

    /// <summary>Loads <paramref name="state"/> (already in Detect's names) strictly and returns the max relative errors per output.</summary>
    public static double[] Measure(GoldenFeatures golden, StateDict state)
    {
        using var backbone = Build(golden.Model);
        CheckpointLoader.LoadStateDict(backbone, state, strict: true);
        backbone.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return GoldenFeatures.MaxRelativeErrors(backbone.call(golden.Input), golden.Outputs);
    }

    /// <summary>Converts the fixture's torchvision checkpoint and measures.</summary>
    public static double[] MeasureTorchvision(GoldenFeatures golden) =>
        Measure(golden, Keys(golden.Model).Apply(golden.StateDict).StateDict);

    static RegNetArch Arch(JsonElement arch) => arch.ValueKind == JsonValueKind.String
        ? RegNet.ArchSettings[arch.GetString()!]
        : new RegNetArch(arch.GetProperty("w0").GetInt32(), arch.GetProperty("wa").GetDouble(), arch.GetProperty("wm").GetDouble(),
            arch.GetProperty("group_w").GetInt32(), arch.GetProperty("depth").GetInt32(), arch.GetProperty("bot_mul").GetDouble());
}
