namespace Detect.Datasets;

/// <summary>One bad record that a loader skipped because it was asked to (see <see cref="CocoLoadOptions.SkipInvalid"/>).</summary>
/// <param name="Record">Which record, e.g. "annotation id 42".</param>
/// <param name="Problem">What is wrong, naming the field.</param>
public sealed record CocoRecordIssue(string Record, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Record}: {Problem}";
}
