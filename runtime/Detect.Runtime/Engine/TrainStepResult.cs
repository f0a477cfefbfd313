namespace Detect.Engine;

/// <summary>What one <see cref="Runner.TrainStep"/> did.</summary>
/// <param name="LogVars">The logged values: <c>loss</c> first, then each term, then <c>grad_norm</c> when clipping is on.</param>
/// <param name="SkippedFor">
/// Null when the weights were updated; otherwise the loss term (or <c>grad_norm</c>) that was not finite, for which
/// the step was skipped (<see cref="InvalidLossPolicy.Skip"/>).
/// </param>
public sealed record TrainStepResult(IReadOnlyDictionary<string, double> LogVars, string? SkippedFor);
