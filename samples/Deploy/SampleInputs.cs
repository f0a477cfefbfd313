using Detect.Data;
using Quickstart;

namespace Deploy;

/// <summary>What the sample sends and serves: the Quickstart's checkpoint and val images, or freshly generated shapes images.</summary>
public static class SampleInputs
{
    /// <summary>The Quickstart's last checkpoint (8 epochs), relative to the repository root the samples run from.</summary>
    public static string QuickstartCheckpoint => Path.GetFullPath("work_dirs/shapes_fcos/epoch_8.pth");

    /// <summary>The first <paramref name="count"/> images of the Quickstart's val split, or that many generated under the temp folder.</summary>
    public static IReadOnlyList<string> Images(int count)
    {
        string valDir = Path.GetFullPath("data/shapes/val");
        if (!Directory.Exists(valDir) || Directory.GetFiles(valDir, "*.jpg").Length < count)
        {
            // The Quickstart's drawing settings (192×192, 1–5 shapes), a handful of images only.
            var split = ShapesDataset.Generate(Path.Combine(Path.GetTempPath(), "detect-deploy-sample"), "val", count, ShapesData.Options);
            valDir = split.ImageDir;
        }
        return [.. Directory.GetFiles(valDir, "*.jpg").Order(StringComparer.Ordinal).Take(count)];
    }
}
