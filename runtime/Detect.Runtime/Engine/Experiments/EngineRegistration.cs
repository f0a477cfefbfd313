using System.Runtime.CompilerServices;
using Detect.Config;

namespace Detect.Engine;

/// <summary>
/// Registers <see cref="ExperimentEngine"/> as the training engine when Detect.Runtime loads, so that
/// every entry point of a typed experiment (its generated <c>Train(args)</c>, <c>detect train</c>)
/// finds it without set-up. Tests may register another engine; disposing that registration restores this one.
/// </summary>
static class EngineRegistration
{
#pragma warning disable CA2255 // The seam and the engine ship in the same assembly: registering on load is the point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => TrainingEngine.Register(new ExperimentEngine());
}
