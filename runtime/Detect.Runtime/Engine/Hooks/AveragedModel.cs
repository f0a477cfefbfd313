using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// The averaged weights of a model (MMEngine's <c>BaseAveragedModel</c>), kept as tensors by
/// state-dict name instead of a deep copy of the module: the parameters (and the buffers with
/// <see cref="UpdateBuffers"/>), updated every <see cref="Interval"/> steps by
/// <see cref="Average"/>. Buffers that are not averaged are the model's own, as MMEngine copies them
/// from the model on every update.
/// </summary>
public abstract class AveragedModel : IDisposable
{
    readonly Dictionary<string, Tensor> averaged = [];

    /// <summary>Copies <paramref name="model"/>'s current weights.</summary>
    protected AveragedModel(nn.Module model, int interval, bool updateBuffers)
    {
        if (interval <= 0) throw new ArgumentException($"interval must be positive, got {interval}.", nameof(interval));
        Interval = interval;
        UpdateBuffers = updateBuffers;
        using var noGrad = no_grad();
        foreach (var (name, tensor) in Sources(model)) averaged[name] = tensor.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Average every this many updates.</summary>
    public int Interval { get; }

    /// <summary>Whether buffers (BatchNorm statistics) are averaged too.</summary>
    public bool UpdateBuffers { get; }

    /// <summary>Updates so far (MMEngine's <c>steps</c> buffer).</summary>
    public long Steps { get; private set; }

    /// <summary>The averaged tensors by state-dict name.</summary>
    public IReadOnlyDictionary<string, Tensor> Averaged => averaged;

    /// <summary>Folds <paramref name="source"/> into <paramref name="average"/> in place, at update <paramref name="steps"/>.</summary>
    protected abstract void Average(Tensor average, Tensor source, long steps);

    /// <summary>One update from <paramref name="model"/> (MMEngine's <c>update_parameters</c>): the first copies, later ones average every <see cref="Interval"/>.</summary>
    public void UpdateParameters(nn.Module model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, source) in Sources(model))
        {
            var average = averaged[name];
            if (Steps == 0) average.copy_(source);
            else if (Steps % Interval == 0 && average.is_floating_point()) Average(average, source.to(average.device), Steps);
        }
        Steps++;
    }

    /// <summary>Copies <paramref name="model"/>'s weights without counting an update (the hook's warm-up before <c>begin_iter</c>).</summary>
    public void CopyFrom(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (name, source) in Sources(model)) averaged[name].copy_(source);
    }

    /// <summary>Exchanges the averaged weights with <paramref name="model"/>'s (before and after evaluation).</summary>
    public void Swap(nn.Module model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, source) in Sources(model))
        {
            var average = averaged[name];
            var saved = source.clone();
            source.copy_(average);
            average.copy_(saved);
        }
    }

    /// <summary>Loads averaged tensors (<c>module.&lt;name&gt;</c>) and <c>steps</c> from a checkpoint.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has another shape.</exception>
    public void LoadStateDict(PickleDict state, string path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, average) in averaged)
        {
            if (state.GetValueOrNull("module." + name) is not StoredTensor stored)
                throw new InvalidDataException($"{path}: ema_state_dict has no 'module.{name}'.");
            if (!stored.Shape.SequenceEqual(average.shape))
                throw new InvalidDataException($"{path}: ema_state_dict 'module.{name}' is {stored.ShapeText}, the model's [{string.Join(", ", average.shape)}].");
            average.copy_(stored.ToTensor(name: "module." + name));
        }
        if (state.GetValueOrNull("steps") is StoredTensor steps) Steps = steps.ToTensor().item<long>();
    }

    /// <summary>Sets the averaged tensors from a model state dict (load_from without EMA state: the average starts at the loaded weights).</summary>
    public void LoadWeights(PickleDict stateDict)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, average) in averaged)
            if (stateDict.GetValueOrNull(name) is StoredTensor stored && stored.Shape.SequenceEqual(average.shape))
                average.copy_(stored.ToTensor(name: name));
    }

    IEnumerable<(string Name, Tensor Tensor)> Sources(nn.Module model) => UpdateBuffers
        ? model.state_dict().Select(p => (p.Key, p.Value))
        : model.named_parameters().Select(p => (p.name, (Tensor)p.parameter));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in averaged.Values) t.Dispose();
        averaged.Clear();
        GC.SuppressFinalize(this);
    }
}
