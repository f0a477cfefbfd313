namespace Detect.Checkpoints.Pickle;

/// <summary>
/// An instance of a class the reader does not rebuild (numpy scalars, <c>torch.device</c>, user
/// classes in a checkpoint's meta): the class, its constructor arguments and the state BUILD gave it.
/// </summary>
/// <remarks>Keeping such objects as data, instead of failing, lets a checkpoint whose meta holds
/// unusual objects still yield its state dict; only code that needs the object itself sees it.</remarks>
public sealed class PickledObject(PickleGlobal type, IReadOnlyList<object?> args)
{
    /// <summary>The class (or factory function) named in the pickle.</summary>
    public PickleGlobal Type { get; } = type;

    /// <summary>The arguments it was called with (REDUCE / NEWOBJ).</summary>
    public IReadOnlyList<object?> Args { get; } = args;

    /// <summary>The state set by BUILD (usually the instance's <c>__dict__</c>), or null.</summary>
    public object? State { get; internal set; }

    /// <summary>Items added by SETITEM(S) when the class is a dict subclass.</summary>
    public PickleDict Items { get; } = new();

    /// <summary>Elements added by APPEND(S) when the class is a list subclass.</summary>
    public List<object?> Elements { get; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"<{Type} object>";
}
