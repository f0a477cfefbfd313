namespace Detect.Checkpoints.Pickle;

/// <summary>
/// What a pickle's objects become: the <see cref="PickleReader"/> interprets opcodes and asks this
/// for everything that Python would import or call.
/// </summary>
public interface IPickleResolver
{
    /// <summary>Calls <paramref name="callable"/> with <paramref name="args"/> (REDUCE, NEWOBJ).</summary>
    object? Reduce(PickleGlobal callable, IReadOnlyList<object?> args);

    /// <summary>Resolves a persistent id (BINPERSID); torch.save uses these for tensor storages.</summary>
    object? PersistentLoad(object? pid);
}
