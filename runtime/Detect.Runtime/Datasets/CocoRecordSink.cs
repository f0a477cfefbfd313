namespace Detect.Datasets;

/// <summary>
/// Where parsed records go: kept when valid, and when not either thrown as a
/// <see cref="CocoFormatException"/> or, with skipping on, left out and listed.
/// </summary>
internal sealed class CocoRecordSink(string path, bool skipInvalid)
{
    private readonly List<CocoRecordIssue> _skipped = [];
    private readonly Dictionary<string, HashSet<long>> _seenIds = [];

    public IReadOnlyList<CocoRecordIssue> Skipped => _skipped;

    /// <summary>Adds a valid draft to <paramref name="target"/> (duplicate ids are problems too); returns its id.</summary>
    public long? Keep<T>(CocoJsonRecords.Draft<T> draft, string kind, List<T> target) where T : class
    {
        var problem = draft.Problem;
        if (problem is null && !IsNewId(kind, draft.Id!.Value)) problem = $"'id' {draft.Id} is used by an earlier {kind}";
        if (problem is null) target.Add(draft.Value!);
        else Reject(Name(kind, draft.Id, target.Count), problem);
        return draft.Id;
    }

    /// <summary>True the first time an id of this kind is seen.</summary>
    public bool IsNewId(string kind, long id)
    {
        if (!_seenIds.TryGetValue(kind, out var ids)) _seenIds[kind] = ids = [];
        return ids.Add(id);
    }

    /// <summary>Throws, or records the problem when skipping.</summary>
    public void Reject(string record, string problem)
    {
        if (!skipInvalid) throw new CocoFormatException(path, record, problem);
        _skipped.Add(new CocoRecordIssue(record, problem));
    }

    /// <summary>"annotation id 42", or "annotation #7" for a record without a readable id.</summary>
    public static string Name(string kind, long? id, int index) => id is { } v ? $"{kind} id {v}" : $"{kind} #{index}";
}
