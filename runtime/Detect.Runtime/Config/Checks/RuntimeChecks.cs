using Detect.Config.Checks;

namespace Detect.Config;

/// <summary>
/// Runs the checks the compiler ran, at run time, on an experiment's current config: after
/// <c>--cfg-options</c> or <c>with</c> changes, and when the model is built (then components without
/// shape rules are measured). Violations throw one <see cref="ConfigurationException"/> listing each
/// with its DET id.
/// </summary>
public static class RuntimeChecks
{
    /// <summary>Throws when the experiment's config breaks a rule.</summary>
    public static void Verify(IExperiment experiment) => Verify(experiment, probe: null);

    /// <summary>Throws when the experiment's config breaks a rule; <paramref name="probe"/> measures components without shape rules.</summary>
    internal static void Verify(IExperiment experiment, IFeatureProbe? probe)
    {
        var reporter = new Collector();
        ConfigChecks.Run(new RecordView(experiment.Config, "", experiment.Sources), reporter, probe);
        if (reporter.Messages.Count > 0)
            throw new ConfigurationException($"{experiment.Name}: the config breaks {reporter.Messages.Count} rule(s):\n  " + string.Join("\n  ", reporter.Messages));
    }

    /// <summary>
    /// Throws when <paramref name="component"/> (a detector, a dataset, any config record with its sub-components) breaks
    /// a rule the compiler checks within it: value checks and the rules between its values (DET5xx), shapes between its
    /// parts. For a config assembled in code, where no compiler saw the whole.
    /// </summary>
    /// <param name="component">The record to check.</param>
    /// <param name="name">What the error calls it; its type name when null.</param>
    public static void Verify(ComponentConfig component, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(component);
        var reporter = new Collector();
        ConfigChecks.Run(new RecordView(component, "", new Dictionary<string, string>()), reporter);
        if (reporter.Messages.Count > 0)
            throw new ConfigurationException($"{name ?? component.TypeName}: the config breaks {reporter.Messages.Count} rule(s):\n  " + string.Join("\n  ", reporter.Messages));
    }

    private sealed class Collector : ICheckReporter
    {
        public List<string> Messages { get; } = [];

        public void Report(DiagnosticEntry entry, IReadOnlyList<Blame> blame, params object[] args)
        {
            var message = entry.Format(args.Select(a => a is string s ? s : (object)ValueText.Format(a)).ToArray());
            if (!Messages.Contains(message)) Messages.Add(message);
        }
    }
}
