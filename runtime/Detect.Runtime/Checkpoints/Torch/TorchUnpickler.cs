using Detect.Checkpoints.Pickle;
using TorchSharp;

namespace Detect.Checkpoints.Torch;

/// <summary>
/// Rebuilds what torch.save pickles: tensors (<c>_rebuild_tensor_v2</c>, <c>_rebuild_parameter</c>,
/// <c>_rebuild_from_type_v2</c>) over storages named by persistent ids; every other object stays data.
/// </summary>
/// <remarks>
/// Persistent ids are <c>('storage', storage_class, key, location, numel)</c> in the zip format and
/// carry a sixth element, a view <c>(view_key, offset, numel)</c> or None, in the legacy format.
/// Storages are shared by key, so views of one storage in the file share it here too.
/// </remarks>
internal sealed class TorchUnpickler(string path, Func<string, torch.ScalarType, long, TensorStorage> openStorage) : PythonBuiltins
{
    readonly Dictionary<string, TensorStorage> storages = [];
    readonly Dictionary<string, TensorStorage> views = [];

    /// <summary>The storages the pickle referred to, by key, in first-use order.</summary>
    public IReadOnlyDictionary<string, TensorStorage> Storages => storages;

    /// <inheritdoc/>
    public override object? Reduce(PickleGlobal callable, IReadOnlyList<object?> args)
    {
        switch (callable.Module, callable.Name)
        {
            case ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor"):
                bool requiresGrad = args.Count > 4 && args[4] is true;
                return new StoredTensor(AsStorage(args[0]), ToLong(args[1]), ToLongs(args[2]), ToLongs(args[3]), requiresGrad);
            case ("torch._utils", "_rebuild_parameter" or "_rebuild_parameter_with_state"):
                return args[0] is StoredTensor t
                    ? new StoredTensor(t.Storage, t.StorageOffset, t.Shape, t.Strides, args.Count > 1 && args[1] is true)
                    : args[0];
            case ("torch._tensor", "_rebuild_from_type_v2"):
                // (func, new_type, args, state): a tensor subclass; the tensor is func(*args).
                return args[0] is PickleGlobal inner && args[2] is PickleTuple innerArgs ? Reduce(inner, innerArgs) : new PickledObject(callable, args);
            case ("torch", "Size"):
                return args.Count > 0 && args[0] is IEnumerable<object?> dims ? new PickleTuple([.. dims]) : PickleTuple.Empty;
            default:
                return base.Reduce(callable, args);
        }
    }

    /// <inheritdoc/>
    public override object? PersistentLoad(object? pid)
    {
        if (pid is not PickleTuple { Count: >= 5 } id || id[0] is not "storage" || id[1] is not PickleGlobal type || id[2] is not string key)
            throw new CheckpointFormatException(path, $"unknown persistent id {pid}");
        if (!TorchStorageTypes.TryGetDType(type, out var dtype))
            throw new CheckpointFormatException(path, $"storage '{key}' has an unsupported type {type}");
        if (!storages.TryGetValue(key, out var storage))
            storages[key] = storage = openStorage(key, dtype, ToLong(id[4]));
        if (id.Count < 6 || id[5] is not PickleTuple { Count: 3 } view) return storage;
        // Legacy view: (view_key, offset, numel) into the root storage, shared by view_key.
        var viewKey = (string)view[0]!;
        if (!views.TryGetValue(viewKey, out var sliced))
            views[viewKey] = sliced = storage.Slice(ToLong(view[1]), ToLong(view[2]));
        return sliced;
    }

    TensorStorage AsStorage(object? value) =>
        value as TensorStorage ?? throw new CheckpointFormatException(path, $"a tensor refers to {value ?? "None"} instead of a storage");

    static long ToLong(object? value) => value is long l ? l : throw new InvalidDataException($"expected an integer, found {value ?? "None"}");

    static long[] ToLongs(object? value) => value is IEnumerable<object?> items
        ? [.. items.Select(ToLong)]
        : throw new InvalidDataException($"expected a tuple of integers, found {value ?? "None"}");
}
