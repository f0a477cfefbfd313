using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Detect.Generators;

/// <summary>The catalogue's entries as Roslyn descriptors (all errors), each linking to its docs page (an absolute URL).</summary>
internal static class DiagnosticDescriptors
{
    private const string DocsBase = DiagnosticCatalog.DocsUrl;

    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = DiagnosticCatalog.All.ToDictionary(
        e => e.Id,
        e => new DiagnosticDescriptor(e.Id, e.Title, e.Message, e.Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: DocsBase + e.Id + ".md"));

    public static Diagnostic Create(DiagnosticInfo info, SourceSpan? fallback) =>
        Diagnostic.Create(ById[info.Id], (info.Location ?? fallback)?.ToLocation() ?? Location.None, info.Args.Cast<object>().ToArray());
}
