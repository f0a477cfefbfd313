namespace Detect.Checkpoints.Pickle;

/// <summary>
/// A reference to a Python class or function in a pickle (the GLOBAL / STACK_GLOBAL opcodes), for
/// example <c>torch._utils._rebuild_tensor_v2</c> or <c>collections.OrderedDict</c>.
/// </summary>
/// <remarks>The reader never imports or runs anything: a global is only a name that the torch layer
/// recognises (tensors, storages, OrderedDict) or keeps as data (<see cref="PickledObject"/>).</remarks>
public sealed record PickleGlobal(string Module, string Name)
{
    /// <summary><c>module.name</c>, as Python prints it.</summary>
    public override string ToString() => $"{Module}.{Name}";
}
