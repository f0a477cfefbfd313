using System.Text;

namespace Detect.Checkpoints;

/// <summary>A checkpoint tensor whose shape differs from the module's tensor of the same name.</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="CheckpointShape">The shape in the checkpoint.</param>
/// <param name="ModelShape">The shape in the module.</param>
public sealed record ShapeMismatch(string Key, long[] CheckpointShape, long[] ModelShape)
{
    /// <summary>PyTorch's wording of the mismatch.</summary>
    public override string ToString() =>
        $"size mismatch for {Key}: copying a param with shape [{string.Join(", ", CheckpointShape)}] from checkpoint, " +
        $"the shape in current model is [{string.Join(", ", ModelShape)}].";
}

/// <summary>
/// What loading a state dict into a module did, as MMEngine's <c>load_state_dict</c> reports it:
/// keys the module has but the checkpoint lacks (<c>num_batches_tracked</c> left out, as MMEngine
/// does), keys the checkpoint has but the module lacks, and tensors whose shapes differ.
/// </summary>
public sealed class LoadReport
{
    internal LoadReport(string source, int loaded, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<ShapeMismatch> mismatched)
    {
        Source = source;
        LoadedCount = loaded;
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        ShapeMismatches = mismatched;
    }

    /// <summary>The checkpoint file.</summary>
    public string Source { get; }

    /// <summary>How many tensors were copied into the module.</summary>
    public int LoadedCount { get; }

    /// <summary>Module keys with no tensor in the checkpoint (left as they were).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Checkpoint keys the module does not have (ignored).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Keys present on both sides with different shapes (not copied).</summary>
    public IReadOnlyList<ShapeMismatch> ShapeMismatches { get; }

    /// <summary>True when every module tensor was loaded and nothing was left over.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>
    /// MMEngine's message: "The model and loaded state dict do not match exactly" and the lists (each cut
    /// after <see cref="ListedAtMost"/> entries, with a count of the rest); a one-line summary when they match.
    /// </summary>
    public override string ToString()
    {
        if (IsExactMatch) return $"{Source}: loaded all {LoadedCount} tensors";
        var text = new StringBuilder($"{Source}: the model and loaded state dict do not match exactly\n");
        foreach (var m in ShapeMismatches.Take(ListedAtMost)) text.Append('\n').Append(m).Append('\n');
        if (ShapeMismatches.Count > ListedAtMost) text.Append($"\n... and {ShapeMismatches.Count - ListedAtMost} more size mismatches\n");
        if (UnexpectedKeys.Count > 0) text.Append("\nunexpected key in source state_dict: ").Append(Listed(UnexpectedKeys)).Append('\n');
        if (MissingKeys.Count > 0) text.Append("\nmissing keys in source state_dict: ").Append(Listed(MissingKeys)).Append('\n');
        return text.ToString();
    }

    /// <summary>How many entries of each list <see cref="ToString"/> shows.</summary>
    public const int ListedAtMost = 20;

    static string Listed(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(ListedAtMost)) + (keys.Count > ListedAtMost ? $" ... and {keys.Count - ListedAtMost} more" : "");
}
