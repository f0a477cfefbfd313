using System.Collections;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Structures;

namespace Detect.Inference;

/// <summary>
/// Loads a checkpoint into an inferencer's model as MMDetection's inferencer does (<c>_load_weights_to_model</c>): the
/// weights in any format <see cref="CheckpointLoader"/> reads (torch.save zip or legacy, safetensors), and the class names
/// saved in the checkpoint's <c>meta.dataset_meta</c> when it has them.
/// </summary>
public static class InferencerWeights
{
    /// <summary>
    /// Loads <paramref name="weights"/> into <paramref name="model"/>; returns the checkpoint's class names, or null when it
    /// has none. Keys the model does not have are reported through <paramref name="warn"/>.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">The checkpoint misses some of the model's keys or has other shapes.</exception>
    public static IReadOnlyList<string>? Load(DetectionModel model, string weights, Action<string> warn)
    {
        var checkpoint = CheckpointLoader.Read(weights);
        var state = checkpoint.StateDict;
        foreach (var (pattern, replacement) in CheckpointLoader.DefaultReviseKeys) state = state.ReviseKeys(pattern, replacement);
        var report = CheckpointLoader.LoadStateDict(model, state);
        if (report.MissingKeys.Count > 0 || report.ShapeMismatches.Count > 0) throw new CheckpointMismatchException(report);
        if (report.UnexpectedKeys.Count > 0) warn($"warning: {report}");
        return Classes(checkpoint.Meta);
    }

    /// <summary><c>meta.dataset_meta.classes</c> (or the older <c>meta.CLASSES</c>) as strings, or null.</summary>
    static IReadOnlyList<string>? Classes(PickleDict? meta)
    {
        var value = (meta?.GetValueOrNull("dataset_meta") as PickleDict)?.GetValueOrNull("classes") ?? meta?.GetValueOrNull("CLASSES");
        return value is IEnumerable items and not string && items.Cast<object?>().ToList() is var list && list.All(i => i is string)
            ? list.Cast<string>().ToList()
            : null;
    }
}
