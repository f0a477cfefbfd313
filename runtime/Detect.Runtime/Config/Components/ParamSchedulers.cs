namespace Detect.Config;

/// <summary><c>LinearLR</c>: warmup from start_factor × lr to end_factor × lr over [begin, end).</summary>
[Register("LinearLR", Builds = typeof(Detect.Engine.LinearLR))]
public sealed class LinearLrAttribute : ParamSchedulerAttribute
{
    /// <summary><c>start_factor</c>.</summary>
    [InRange(0, 1)]
    public double StartFactor { get; set; } = 1.0 / 3;

    /// <summary><c>end_factor</c>.</summary>
    [InRange(0, 1)]
    public double EndFactor { get; set; } = 1.0;
}

/// <summary><c>ConstantLR</c>: lr × factor over [begin, end) (constant warmup).</summary>
[Register("ConstantLR", Builds = typeof(Detect.Engine.ConstantLR))]
public sealed class ConstantLrAttribute : ParamSchedulerAttribute
{
    /// <summary><c>factor</c>.</summary>
    [InRange(0, 1)]
    public double Factor { get; set; } = 1.0 / 3;
}

/// <summary><c>MultiStepLR</c>: multiply by gamma at each milestone (counted from begin).</summary>
[Register("MultiStepLR", Builds = typeof(Detect.Engine.MultiStepLR))]
[MilestonesRule]
public sealed class MultiStepLrAttribute : ParamSchedulerAttribute
{
    /// <summary><c>milestones</c>, strictly increasing.</summary>
    [NotEmpty, InRange(0, int.MaxValue)]
    public int[] Milestones { get; set; } = [];

    /// <summary><c>gamma</c>.</summary>
    [InRange(0, 1)]
    public double Gamma { get; set; } = 0.1;
}

/// <summary><c>CosineAnnealingLR</c>.</summary>
[Register("CosineAnnealingLR", Builds = typeof(Detect.Engine.CosineAnnealingLR))]
public sealed class CosineAnnealingLrAttribute : ParamSchedulerAttribute
{
    /// <summary><c>T_max</c>: the half period; 0 means end − begin.</summary>
    [Key("T_max"), InRange(0, int.MaxValue)]
    public int TMax { get; set; }

    /// <summary><c>eta_min</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double EtaMin { get; set; }
}

/// <summary><c>PolyLR</c>.</summary>
[Register("PolyLR", Builds = typeof(Detect.Engine.PolyLR))]
public sealed class PolyLrAttribute : ParamSchedulerAttribute
{
    /// <summary><c>power</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double Power { get; set; } = 1.0;

    /// <summary><c>eta_min</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double EtaMin { get; set; }
}
