namespace Detect.Checkpoints.Pickle;

/// <summary>
/// A Python dict or <c>collections.OrderedDict</c>: insertion-ordered, keys compared as Python
/// compares them (strings, integers, tuples), a later SETITEM replacing an earlier value.
/// </summary>
public sealed class PickleDict() : OrderedDictionary<object, object?>(PickleKeyComparer.Instance)
{
    PickleDict? attributes;

    /// <summary>
    /// Attributes set on the dict object itself by BUILD, e.g. the <c>_metadata</c> (module versions)
    /// that <c>nn.Module.state_dict()</c> attaches to its OrderedDict.
    /// </summary>
    public PickleDict Attributes => attributes ??= new PickleDict();

    /// <summary>The value under a string key, or null when absent.</summary>
    public object? GetValueOrNull(string key) => TryGetValue(key, out var value) ? value : null;
}
