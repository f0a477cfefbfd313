using TorchSharp.Modules;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// An optimizer's saved state as read back from a checkpoint (PyTorch's optimizer <c>state_dict</c>):
/// per parameter group its lr, initial lr, weight decay and parameter count; per parameter index its
/// state tensors.
/// </summary>
/// <param name="Groups">The parameter groups, in order.</param>
/// <param name="State">Parameter index → state name → tensor (the caller disposes them).</param>
public sealed record OptimizerState(
    IReadOnlyList<(double Lr, double InitialLr, double WeightDecay, int ParamCount)> Groups,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, Tensor>> State)
{
    /// <summary>Reads the optimizer entry of a checkpoint (what <see cref="Optimizer.StateDict"/> wrote).</summary>
    /// <exception cref="CheckpointFormatException">The entry is not an optimizer state dict.</exception>
    public static OptimizerState FromPickle(object? entry, string path)
    {
        if (entry is not PickleDict root || root.GetValueOrNull("param_groups") is not List<object?> groups || root.GetValueOrNull("state") is not PickleDict state)
            throw new CheckpointFormatException(path, "the 'optimizer' entry is not an optimizer state dict (state, param_groups)");
        var parsedGroups = groups.Select((g, i) => g is PickleDict d
            ? (Number(d, "lr", path), d.ContainsKey("initial_lr") ? Number(d, "initial_lr", path) : Number(d, "lr", path),
               Number(d, "weight_decay", path), (d.GetValueOrNull("params") as List<object?>)?.Count ?? 0)
            : throw new CheckpointFormatException(path, $"optimizer param_groups[{i}] is not a dict")).ToList();
        var parsedState = new Dictionary<int, IReadOnlyDictionary<string, Tensor>>();
        foreach (var (key, value) in state)
        {
            if (key is not long index || value is not PickleDict values)
                throw new CheckpointFormatException(path, $"optimizer state entry {key} is not an index with a dict of tensors");
            var tensors = new Dictionary<string, Tensor>();
            foreach (var (name, t) in values)
                tensors[(string)name] = t switch
                {
                    StoredTensor stored => stored.ToTensor(name: $"optimizer.state.{index}.{name}"),
                    double d => tensor(d, float64),
                    long l => tensor((double)l, float64),
                    _ => throw new CheckpointFormatException(path, $"optimizer state {index}.{name} is not a tensor"),
                };
            parsedState[(int)index] = tensors;
        }
        return new OptimizerState(parsedGroups, parsedState);
    }

    static double Number(PickleDict d, string key, string path) => d.GetValueOrNull(key) switch
    {
        double v => v,
        long v => v,
        _ => throw new CheckpointFormatException(path, $"optimizer param group has no number '{key}'"),
    };
}
