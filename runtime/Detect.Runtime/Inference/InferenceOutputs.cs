using Detect.Structures;
using Detect.Transforms;
using Detect.Visualization;

namespace Detect.Inference;

/// <summary>
/// What <see cref="DetInferencer"/> writes for each image, as MMDetection's inferencer: <c>OUT/preds/NAME.json</c>
/// (<see cref="PredictionJson"/>, every prediction), <c>OUT/vis/NAME.jpg</c> (the predictions scoring at least
/// <c>pred_score_thr</c> drawn with the class names and palette) and, with <c>print_result</c>, the JSON on the console.
/// </summary>
/// <param name="options">The call's options (out_dir, no_save_pred, no_save_vis, print_result, pred_score_thr).</param>
/// <param name="classes">Class names by label.</param>
/// <param name="palette">Class colours, or null for <see cref="Palette"/>'s.</param>
/// <param name="print">Where printed results go (the console's output by default).</param>
public sealed class InferenceOutputs(InferencerCallOptions options, IReadOnlyList<string> classes,
    IReadOnlyList<(byte R, byte G, byte B)>? palette, Action<string>? print = null)
{
    readonly Action<string> print = print ?? Console.WriteLine;

    /// <summary>The prediction file of <paramref name="name"/>, or null when none is written.</summary>
    public string? PredPath(string name) => options.OutDir is null || options.NoSavePred ? null : Path.Combine(options.OutDir, "preds", name + ".json");

    /// <summary>The drawing of <paramref name="name"/>, or null when none is drawn.</summary>
    public string? VisPath(string name) => options.OutDir is null || options.NoSaveVis ? null : Path.Combine(options.OutDir, "vis", name + ".jpg");

    /// <summary>Writes what the options ask for one image.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="image">The image as loaded (original size), for drawing.</param>
    /// <param name="instances">Its predictions in original-image pixels.</param>
    public void Write(string name, ImageBuffer image, InstanceData instances)
    {
        if (PredPath(name) is { } pred) PredictionJson.Write(pred, instances);
        if (VisPath(name) is { } vis)
        {
            using var bitmap = ImageFiles.ToBitmap(image);
            DetVisualizer.Draw(bitmap, instances, classes, options.PredScoreThr, palette);
            ImageFiles.SaveJpeg(bitmap, vis);
        }
        if (options.PrintResult) print(PredictionJson.ToJson(instances));
    }
}
