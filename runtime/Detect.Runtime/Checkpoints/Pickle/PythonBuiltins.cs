using System.Text;

namespace Detect.Checkpoints.Pickle;

/// <summary>
/// The standard-library callables that plain data pickles use, rebuilt as data: OrderedDict, sets,
/// and <c>_codecs.encode</c> (how protocol 2 spells a <c>bytes</c> literal). Anything else becomes a
/// <see cref="PickledObject"/>.
/// </summary>
public class PythonBuiltins : IPickleResolver
{
    /// <inheritdoc/>
    public virtual object? Reduce(PickleGlobal callable, IReadOnlyList<object?> args)
    {
        switch (callable.Module, callable.Name)
        {
            case ("collections", "OrderedDict") or ("builtins", "dict") or ("__builtin__", "dict"):
                var dict = new PickleDict();
                if (args.Count > 0 && args[0] is IEnumerable<object?> pairs)
                    foreach (var pair in pairs)
                        if (pair is IReadOnlyList<object?> { Count: 2 } kv) dict[kv[0]!] = kv[1];
                return dict;
            case ("builtins" or "__builtin__", "set" or "frozenset"):
                var set = new HashSet<object>(PickleKeyComparer.Instance);
                if (args.Count > 0 && args[0] is IEnumerable<object?> items)
                    foreach (var item in items) set.Add(item!);
                return set;
            case ("builtins" or "__builtin__", "bytearray"):
                return args.Count == 0 ? [] : args[0] as byte[] ?? Encoding.Latin1.GetBytes((string)args[0]!);
            case ("_codecs", "encode") when args.Count >= 1 && args[0] is string text:
                var encoding = args.Count > 1 ? args[1] as string : "utf-8";
                return encoding is "latin1" or "latin-1" ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
            default:
                return new PickledObject(callable, args);
        }
    }

    /// <inheritdoc/>
    public virtual object? PersistentLoad(object? pid) =>
        throw new InvalidDataException($"the pickle refers to an external object {pid} and nothing provides it");
}
