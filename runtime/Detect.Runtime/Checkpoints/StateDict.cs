using System.Text.RegularExpressions;
using Detect.Checkpoints.Pickle;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Checkpoints;

/// <summary>
/// A model's weights by name (PyTorch's <c>state_dict</c>): an insertion-ordered map from keys such as
/// <c>backbone.layer1.0.conv1.weight</c> to <see cref="StoredTensor"/>s, remembering the file it came from.
/// </summary>
public sealed class StateDict : OrderedDictionary<string, StoredTensor>
{
    /// <summary>An empty state dict whose errors will name <paramref name="source"/>.</summary>
    public StateDict(string source) : base(StringComparer.Ordinal) => Source = source;

    /// <summary>The file (or other origin) of the tensors, for error messages.</summary>
    public string Source { get; }

    /// <summary>The tensor under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such key; the message names the file and the key.</exception>
    public new StoredTensor this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{Source}: no tensor '{key}' in the state dict");
        set => base[key] = value;
    }

    /// <summary>The tensor under <paramref name="key"/> as a contiguous TorchSharp tensor.</summary>
    public Tensor ToTensor(string key, Device? device = null) => this[key].ToTensor(device, $"{key}' in '{Source}");

    /// <summary>
    /// The entries whose key starts with <paramref name="prefix"/>, with the prefix removed
    /// (MMEngine's <c>_load_checkpoint_with_prefix</c>: <c>backbone.</c> selects a detector's backbone).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No key has the prefix.</exception>
    public StateDict WithPrefix(string prefix)
    {
        if (!prefix.EndsWith('.')) prefix += ".";
        var selected = new StateDict(Source);
        foreach (var (key, value) in this)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) selected[key[prefix.Length..]] = value;
        return selected.Count > 0 ? selected : throw new KeyNotFoundException($"{Source}: no key starts with '{prefix}'");
    }

    /// <summary>
    /// Renames every key by a regular expression (MMEngine's <c>revise_keys</c>, whose default
    /// <c>(^module\., '')</c> strips the prefix that DataParallel adds).
    /// </summary>
    public StateDict ReviseKeys(string pattern, string replacement)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var revised = new StateDict(Source);
        foreach (var (key, value) in this) revised[regex.Replace(key, replacement)] = value;
        return revised;
    }

    /// <summary>Reads a pickled dict whose values are all tensors.</summary>
    /// <exception cref="CheckpointFormatException">A key is not a string or a value is not a tensor.</exception>
    public static StateDict FromPickle(PickleDict dict, string source)
    {
        var state = new StateDict(source);
        foreach (var (key, value) in dict)
        {
            if (key is not string name)
                throw new CheckpointFormatException(source, $"state dict key {key} is not a string");
            state[name] = value as StoredTensor
                ?? throw new CheckpointFormatException(source, $"state dict entry '{name}' is a {Describe(value)}, not a tensor");
        }
        return state;
    }

    /// <summary>Copies a module's parameters and persistent buffers (what <c>module.state_dict()</c> returns).</summary>
    public static StateDict FromModule(nn.Module module, string source = "<module>")
    {
        var state = new StateDict(source);
        foreach (var (key, tensor) in module.state_dict()) state[key] = StoredTensor.FromTensor(tensor, $"{source}:{key}");
        return state;
    }

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        PickledObject o => o.Type.ToString(),
        PickleDict => "dict",
        _ => value.GetType().Name,
    };
}
