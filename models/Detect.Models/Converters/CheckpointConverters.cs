using Detect.Checkpoints;
using TorchSharp;

namespace Detect.Models.Converters;

/// <summary>The converters <c>detect convert</c> offers, and the conversion pipeline: read, convert, check, save.</summary>
public static class CheckpointConverters
{
    /// <summary>Every converter, by <c>--from</c> name. Add new sources here.</summary>
    public static IReadOnlyList<ICheckpointConverter> All { get; } =
    [
        new TorchvisionConverter(),
        new PyclsRegNetConverter(),
        new MmdetV1Converter(),
        new Detectron2Converter(),
    ];

    /// <summary>The converter called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such converter; the message lists the known ones.</exception>
    public static ICheckpointConverter Find(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"unknown --from '{name}'; available: {string.Join(", ", All.Select(c => c.Name))}", nameof(name));

    /// <summary>
    /// Converts <paramref name="input"/> and, when the converter knows the target module, checks that
    /// every tensor the module needs is there with the right shape.
    /// </summary>
    /// <returns>The conversion and, when checked, the load report against the module.</returns>
    /// <exception cref="CheckpointMismatchException">The converted weights miss tensors of the module or have wrong shapes.</exception>
    public static (ConversionResult Result, LoadReport? Check) Convert(string from, string? arch, string input, int? numClasses = null)
    {
        var result = Find(from).Convert(CheckpointLoader.Read(input), arch, numClasses);
        if (result.Model is null) return (result, null);
        using var model = result.Model();
        var report = CheckpointLoader.LoadStateDict(model, result.StateDict);
        if (report.MissingKeys.Count > 0 || report.ShapeMismatches.Count > 0) throw new CheckpointMismatchException(report);
        return (result, report);
    }

    /// <summary>
    /// Saves converted weights: <c>.safetensors</c> as safetensors with the provenance in <c>__metadata__</c>;
    /// anything else as a torch.save file <c>{"meta": ..., "state_dict": ...}</c>, the layout of
    /// MMDetection's converters, loadable by <c>torch.load</c>.
    /// </summary>
    public static void Save(string output, StateDict state, IReadOnlyDictionary<string, string> meta)
    {
        if (output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            SafeTensors.Save(output, state, meta);
        else
            TorchCheckpointWriter.Save(output, new Dictionary<string, object?>
            {
                ["meta"] = meta.ToDictionary(p => p.Key, p => (object?)p.Value),
                ["state_dict"] = state,
            });
    }
}
