using Detect.Checkpoints.Pickle;

namespace Detect.Checkpoints;

/// <summary>
/// A checkpoint file as read: its root object (for torch.save files the unpickled tree, e.g.
/// MMDetection's <c>{meta, state_dict, optimizer}</c> or a bare state dict) and its format.
/// </summary>
/// <remarks>Read one with <see cref="CheckpointLoader.Read"/>. Tensors are <see cref="StoredTensor"/>s
/// in the tree; nothing in the file is executed.</remarks>
public sealed class Checkpoint
{
    internal Checkpoint(string path, CheckpointFormat format, object? root, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Path = path;
        Format = format;
        Root = root;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>How the file was written.</summary>
    public CheckpointFormat Format { get; }

    /// <summary>
    /// The root object: a <see cref="PickleDict"/> for torch.save files (any picklable value in
    /// principle); for safetensors a <see cref="PickleDict"/> of its tensors.
    /// </summary>
    public object? Root { get; }

    /// <summary>safetensors' <c>__metadata__</c> (string to string); empty for torch.save files.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>MMDetection's <c>meta</c> entry (versions, classes, config...), or null.</summary>
    public PickleDict? Meta => (Root as PickleDict)?.GetValueOrNull("meta") as PickleDict;

    /// <summary>
    /// The model weights, found as MMEngine finds them: the <c>state_dict</c> entry when the root has
    /// one, otherwise the root itself (a bare state dict).
    /// </summary>
    public StateDict StateDict => Root is PickleDict d && d.ContainsKey("state_dict") ? GetStateDict("state_dict") : GetStateDict(null);

    /// <summary>The state dict under a root key (pycls: <c>model_state</c>; torchvision references: <c>model</c>), or the root when null.</summary>
    /// <exception cref="CheckpointFormatException">There is no such entry or it is not a dict of tensors.</exception>
    public StateDict GetStateDict(string? key)
    {
        var value = key is null ? Root : (Root as PickleDict)?.GetValueOrNull(key);
        string where = key is null ? "the checkpoint" : $"entry '{key}'";
        return value is PickleDict dict
            ? StateDict.FromPickle(dict, Path)
            : throw new CheckpointFormatException(Path, $"{where} is a {StateDict.Describe(value)}, not a state dict" +
                (Root is PickleDict root ? $" (top-level keys: {string.Join(", ", root.Keys.Take(10))})" : ""));
    }
}
