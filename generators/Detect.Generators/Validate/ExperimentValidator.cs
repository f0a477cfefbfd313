using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;

namespace Detect.Generators.Validate;

/// <summary>
/// Validate phase: runs the shared checks over the merged tree and turns what they blame into
/// source positions: the first blamed value (or attribute) that was written in this compilation.
/// </summary>
internal sealed class ExperimentValidator : ICheckReporter
{
    private readonly List<DiagnosticInfo> _found = new();

    public static EquatableArray<DiagnosticInfo> Validate(MergedExperiment experiment)
    {
        var validator = new ExperimentValidator();
        var descriptors = experiment.Descriptors.ToDictionary(d => d.FullName);
        ConfigChecks.Run(new MergedView(experiment.Root, descriptors), validator);
        // Pipelines and datasets copied into several loaders would report the same spot more than once.
        return experiment.Diagnostics.Concat(validator._found)
            .GroupBy(d => (d.Id, d.Location))
            .Select(g => g.First())
            .ToEquatableArray();
    }

    public void Report(DiagnosticEntry entry, IReadOnlyList<Blame> blame, params object[] args) =>
        _found.Add(new DiagnosticInfo(entry.Id, Locate(blame), args.Select(a => a is string s ? s : ValueText.Format(a)).ToEquatableArray()));

    private static SourceSpan? Locate(IReadOnlyList<Blame> blame)
    {
        foreach (var b in blame)
        {
            if (b.Node is not MergedView view) continue;
            var where = b.Property is null ? view.Node.TypeOrigin.Location : view.Node.Field(b.Property)?.Origin.Location;
            if (where is not null) return where;
        }
        return null;
    }
}
