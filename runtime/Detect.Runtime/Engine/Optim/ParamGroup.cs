using TorchSharp.Modules;

namespace Detect.Engine;

/// <summary>
/// Parameters that share hyper-parameters (PyTorch's <c>param_groups</c> entry). Schedulers change
/// <see cref="Lr"/> during training; <see cref="InitialLr"/> is MMEngine's <c>initial_lr</c>, the value
/// schedules start from.
/// </summary>
public sealed class ParamGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="parameters">The parameters, in the order the optimizer state lists them.</param>
    /// <param name="names">Their names in the model (<c>backbone.conv1.weight</c>), same order; for logs and errors.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="weightDecay">Weight decay.</param>
    public ParamGroup(IReadOnlyList<Parameter> parameters, IReadOnlyList<string> names, double lr, double weightDecay)
    {
        if (parameters.Count != names.Count)
            throw new ArgumentException($"{parameters.Count} parameters but {names.Count} names.", nameof(names));
        if (lr < 0) throw new ArgumentException($"lr must be ≥ 0, got {lr}.", nameof(lr));
        if (weightDecay < 0) throw new ArgumentException($"weightDecay must be ≥ 0, got {weightDecay}.", nameof(weightDecay));
        Params = parameters;
        Names = names;
        Lr = lr;
        InitialLr = lr;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters.</summary>
    public IReadOnlyList<Parameter> Params { get; }

    /// <summary>The parameters' names in the model.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Current learning rate.</summary>
    public double Lr { get; set; }

    /// <summary>The learning rate before any schedule (MMEngine's <c>initial_lr</c>).</summary>
    public double InitialLr { get; set; }

    /// <summary>Weight decay.</summary>
    public double WeightDecay { get; set; }
}
