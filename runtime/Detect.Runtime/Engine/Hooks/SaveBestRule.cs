namespace Detect.Engine;

/// <summary>Which way a <see cref="CheckpointHook"/>'s <c>save_best</c> metric improves (MMEngine's <c>rule</c>).</summary>
public enum SaveBestRule
{
    /// <summary>MMEngine's <c>rule=None</c>: inferred from the metric's name (AP, accuracy → greater; loss → less).</summary>
    Infer,

    /// <summary>Larger is better.</summary>
    Greater,

    /// <summary>Smaller is better.</summary>
    Less,
}
