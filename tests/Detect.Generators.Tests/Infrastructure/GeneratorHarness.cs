using System.Collections.Immutable;
using System.Reflection;
using Detect.Config;
using Detect.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Detect.Generators.Tests.Infrastructure;

/// <summary>Compiles config sources against the vocabulary and the zoo (as metadata) and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var ours = new[] { typeof(ExperimentAttribute).Assembly, typeof(Detect.Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly }.Select(a => a.Location);
        return platform.Concat(ours).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    /// <summary>A compilation of the given files (path, source) as a user's project would have it.</summary>
    public static CSharpCompilation Compilation(params (string Path, string Source)[] files) =>
        CSharpCompilation.Create("UserConfigs",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new ConfigGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator, then the analyzers; returns the output compilation and their diagnostics, as a build reports them.</summary>
    public static Run Generate(params (string Path, string Source)[] files)
    {
        var compilation = Compilation(files);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var analyzed = output.WithAnalyzers([new Detect.Generators.Analyzers.UnmarkedConfigAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return new Run(driver, compilation, output, diagnostics.AddRange(analyzed));
    }

    /// <summary>Generates, compiles and loads the result, so tests can read the experiments' configs at run time.</summary>
    public static Assembly Load(params (string Path, string Source)[] files)
    {
        var run = Generate(files);
        Assert.Empty(run.Diagnostics);
        using var stream = new MemoryStream();
        var emitted = run.Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }
}

/// <summary>One generator run.</summary>
internal sealed record Run(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The generated file whose hint name ends with <paramref name="suffix"/>.</summary>
    public string Source(string suffix) =>
        Driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith(suffix, StringComparison.Ordinal)).GetText().ToString();

    /// <summary>Compiler errors of the output compilation (generated code included), for "it compiles" checks.</summary>
    public IEnumerable<Diagnostic> CompileErrors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);
}
