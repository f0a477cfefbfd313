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
    public static KeyMap Keys()
    {
        const string block = @"s([1-4])\.b";
        var map = new KeyMap()
            .Rename(@"stem\.conv\.(.+)", "conv1.$1")
            .Rename(@"stem\.bn\.(.+)", "bn1.$1")
            .Rename(@"head\.fc\.(.+)", "fc.$1")
            .Rename(block + @"1\.proj\.(.+)", "layer$1.0.downsample.0.$2")
            .Rename(block + @"1\.bn\.(.+)", "layer$1.0.downsample.1.$2");
        // regnet2mmdet numbers blocks from 0: bB -> B-1. Regex cannot subtract, so one rule per block index.
        for (int b = 1; b <= 64; b++)
        {
            foreach (var (pycls, ours) in new[] { ("a", "conv1"), ("b", "conv2"), ("c", "conv3"), ("a_bn", "bn1"), ("b_bn", "bn2"), ("c_bn", "bn3") })
                map.Rename($@"{block}{b}\.f\.{pycls}\.(.+)", $"layer$1.{b - 1}.{ours}.$2");
        }
        return map;
    }

    /// <inheritdoc/>
    public ConversionResult Convert(Checkpoint source, string? arch)
    {
        if (arch is not null && !RegNet.ArchSettings.ContainsKey(arch))
            throw new ArgumentException($"--from pycls-regnet: --arch must be one of {string.Join(", ", RegNet.ArchSettings.Keys)}, or left out", nameof(arch));
        var result = Keys().Apply(source.GetStateDict("model_state"));
        return new ConversionResult(result.StateDict, result.Dropped, arch is null ? null : () => new RegNet(arch));
    }
}
