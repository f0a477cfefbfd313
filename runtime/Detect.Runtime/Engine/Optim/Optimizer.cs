using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// Base of Detect's optimizers: parameter groups, per-parameter state tensors, a step that updates
/// the parameters in place without recording gradients, and PyTorch's <c>state_dict</c> layout
/// (<c>{"state": {index: {name: tensor}}, "param_groups": [{"lr", ..., "params": [indices]}]}</c>)
/// so checkpoints resume exactly.
/// </summary>
/// <remarks>
/// State tensors live outside every dispose scope (the optimizer owns them until <see cref="Dispose"/>);
/// each step runs in a scope of its own, so the engine's per-iteration scope only sees what it made.
/// </remarks>
public abstract class Optimizer : IDisposable
{
    readonly Dictionary<int, Dictionary<string, Tensor>> state = [];

    /// <summary>Creates the optimizer over <paramref name="paramGroups"/>.</summary>
    protected Optimizer(IReadOnlyList<ParamGroup> paramGroups)
    {
        if (paramGroups.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter group.", nameof(paramGroups));
        ParamGroups = paramGroups;
        var seen = new HashSet<IntPtr>();
        foreach (var group in paramGroups)
            for (int i = 0; i < group.Params.Count; i++)
                if (!seen.Add(group.Params[i].Handle))
                    throw new ArgumentException($"Parameter '{group.Names[i]}' appears in more than one parameter group.", nameof(paramGroups));
    }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups { get; }

    /// <summary>All parameters, in state-dict index order.</summary>
    public IEnumerable<(int Index, string Name, Parameter Param, ParamGroup Group)> Parameters
    {
        get
        {
            int index = 0;
            foreach (var group in ParamGroups)
                for (int i = 0; i < group.Params.Count; i++)
                    yield return (index++, group.Names[i], group.Params[i], group);
        }
    }

    /// <summary>PyTorch's name of this optimizer (<c>SGD</c>, <c>AdamW</c>).</summary>
    public abstract string TypeName { get; }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (index, _, param, group) in Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (grad.is_sparse) throw new NotSupportedException($"{TypeName} does not support sparse gradients.");
            Update(param, grad, group, StateOf(index));
        }
    }

    /// <summary>Sets every gradient to none (PyTorch's <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, _, param, _) in Parameters)
        {
            using var grad = param.grad;
            if (grad is not null) param.grad = null;
        }
    }

    /// <summary>Updates one parameter in place from its gradient; <paramref name="paramState"/> holds its state tensors.</summary>
    protected abstract void Update(Parameter param, Tensor grad, ParamGroup group, Dictionary<string, Tensor> paramState);

    /// <summary>The hyper-parameters PyTorch lists in each param group besides lr, weight_decay and params.</summary>
    protected abstract IEnumerable<KeyValuePair<string, object>> Hyperparameters();

    /// <summary>Keeps <paramref name="tensor"/> as state, outside every dispose scope.</summary>
    protected static Tensor Keep(Tensor tensor) => tensor.DetachFromDisposeScope();

    Dictionary<string, Tensor> StateOf(int index)
    {
        if (!state.TryGetValue(index, out var s)) state[index] = s = [];
        return s;
    }

    /// <summary>
    /// The state in PyTorch's layout. Tensors are the optimizer's own (not copies): write them out
    /// before the next step.
    /// </summary>
    public Dictionary<string, object> StateDict()
    {
        var stateOut = new Dictionary<long, object>();
        foreach (var (index, values) in state.OrderBy(p => p.Key))
            stateOut[index] = values.ToDictionary(p => p.Key, p => (object)p.Value);
        var groups = new List<object>();
        int next = 0;
        foreach (var group in ParamGroups)
        {
            var g = new Dictionary<string, object>
            {
                ["lr"] = group.Lr,
                ["initial_lr"] = group.InitialLr,
                ["weight_decay"] = group.WeightDecay,
            };
            foreach (var (k, v) in Hyperparameters()) g[k] = v;
            g["params"] = Enumerable.Range(next, group.Params.Count).Select(i => (long)i).ToList();
            next += group.Params.Count;
            groups.Add(g);
        }
        return new Dictionary<string, object> { ["state"] = stateOut, ["param_groups"] = groups };
    }

    /// <summary>Restores <see cref="StateDict"/>'s output (as read back from a checkpoint).</summary>
    /// <exception cref="InvalidDataException">The saved groups or state do not fit these parameters.</exception>
    public void LoadStateDict(OptimizerState saved)
    {
        if (saved.Groups.Count != ParamGroups.Count)
            throw new InvalidDataException($"The checkpoint's {TypeName} state has {saved.Groups.Count} parameter groups, this model has {ParamGroups.Count}.");
        for (int i = 0; i < ParamGroups.Count; i++)
        {
            var (lr, initialLr, weightDecay, count) = saved.Groups[i];
            if (count != ParamGroups[i].Params.Count)
                throw new InvalidDataException($"Parameter group {i} of the checkpoint has {count} parameters, this model's has {ParamGroups[i].Params.Count}.");
            ParamGroups[i].Lr = lr;
            ParamGroups[i].InitialLr = initialLr;
            ParamGroups[i].WeightDecay = weightDecay;
        }
        Clear();
        using var scope = NewDisposeScope();
        var byIndex = Parameters.ToDictionary(p => p.Index);
        foreach (var (index, values) in saved.State)
        {
            if (!byIndex.TryGetValue(index, out var p))
                throw new InvalidDataException($"The checkpoint's optimizer state names parameter {index}, this model has {byIndex.Count}.");
            var s = StateOf(index);
            foreach (var (name, tensor) in values)
            {
                if (tensor.dim() > 0 && !tensor.shape.SequenceEqual(p.Param.shape))
                    throw new InvalidDataException($"Optimizer state '{name}' of '{p.Name}' has shape [{string.Join(", ", tensor.shape)}], the parameter [{string.Join(", ", p.Param.shape)}].");
                // A copy the optimizer owns, on the parameter's device (the caller keeps the loaded tensors).
                s[name] = Keep(tensor.to(tensor.dim() > 0 ? p.Param.dtype : tensor.dtype, p.Param.device).clone());
            }
        }
    }

    void Clear()
    {
        foreach (var s in state.Values)
            foreach (var t in s.Values) t.Dispose();
        state.Clear();
    }

    /// <summary>Disposes the state tensors.</summary>
    public void Dispose()
    {
        Clear();
        GC.SuppressFinalize(this);
    }
}
