using System.Globalization;
using Detect.Checkpoints;
using Detect.Models.Backbones;

namespace Detect.Models.Converters;

/// <summary>
/// <c>--from pycls-regnet</c>: pycls' RegNet checkpoints (<c>{"model_state": ...}</c>) to MMDetection's
/// ResNet-style RegNet keys, as MMDetection's <c>tools/model_converters/regnet2mmdet.py</c> does:
/// <c>stem.conv/bn</c> → <c>conv1</c>/<c>bn1</c>, <c>sS.bB</c> → <c>layerS.(B−1)</c>, <c>proj</c>/<c>bn</c> of the first block
/// → <c>downsample.0/1</c>, <c>f.a/b/c</c> → <c>conv1/2/3</c>, <c>f.a_bn/b_bn/c_bn</c> → <c>bn1/2/3</c>,
/// and <c>head.fc</c> → <c>fc</c> (kept, as regnet2mmdet keeps it; the backbone does not use it).
/// </summary>
/// <remarks><c>--arch</c> is optional: with one of MMDetection's arch names (<c>regnetx_3.2gf</c>...) the result is
/// checked against that RegNet's shapes.</remarks>
public sealed class PyclsRegNetConverter : ICheckpointConverter
{
    /// <inheritdoc/>
    public string Name => "pycls-regnet";

    /// <inheritdoc/>
    public IReadOnlyList<string> Archs => [.. RegNet.ArchSettings.Keys];

    /// <summary>The key rules (regnet2mmdet's mapping).</summary>
    public static KeyMap Keys() => new KeyMap()
        .Rename(@"stem\.conv\.(.+)", "conv1.$1")
        .Rename(@"stem\.bn\.(.+)", "bn1.$1")
        .Rename(@"head\.fc\.(.+)", "fc.$1")
        .Rename(@"s([1-4])\.b1\.proj\.(.+)", "layer$1.0.downsample.0.$2")
        .Rename(@"s([1-4])\.b1\.bn\.(.+)", "layer$1.0.downsample.1.$2")
        // f.a/b/c -> conv1/2/3, f.a_bn/b_bn/c_bn -> bn1/2/3; pycls counts blocks from 1, MMDetection from 0.
        .Rename(@"s([1-4])\.b(\d+)\.f\.([abc])(_bn)?\.(.+)", m =>
            $"layer{m.Groups[1].Value}.{int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) - 1}." +
            $"{(m.Groups[4].Success ? "bn" : "conv")}{m.Groups[3].Value[0] - 'a' + 1}.{m.Groups[5].Value}");

    /// <inheritdoc/>
    public ConversionResult Convert(Checkpoint source, string? arch, int? numClasses = null)
    {
        if (arch is not null && !RegNet.ArchSettings.ContainsKey(arch))
            throw new ArgumentException($"--from pycls-regnet: --arch must be one of {string.Join(", ", RegNet.ArchSettings.Keys)}, or left out", nameof(arch));
        var result = Keys().Apply(source.GetStateDict("model_state"));
        return new ConversionResult(result.StateDict, result.Dropped, arch is null ? null : () => new RegNet(arch));
    }
}
