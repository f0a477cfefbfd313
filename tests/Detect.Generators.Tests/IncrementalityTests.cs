using Detect.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Detect.Generators.Tests;

/// <summary>
/// The pipeline's cached models are value-equal plain data: an unrelated edit leaves every step's
/// output cached or unchanged (nothing is merged, validated or emitted again), while an edit to the
/// config itself does reach the output.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Experiment = """
        using Detect.Config;
        using Detect.Models.Zoo;

        namespace Users;

        [Experiment]
        [RetinaHead(NumClasses = 3)]
        [CocoDataset(Classes = ["a", "b", "c"])]
        public partial record Shapes : RetinaNetR50Fpn1xCoco;
        """;

    private const string Component = """
        using Detect.Config;

        namespace Users;

        /// <summary>A user transform config.</summary>
        [Register("Blur")]
        [PipelineStep("PipelineSample", "PipelineSample")]
        public sealed class BlurAttribute : TransformAttribute
        {
            /// <summary>Kernel size.</summary>
            public int Kernel { get; set; } = 3;
        }
        """;

    private static readonly string[] Steps =
        [ConfigGenerator.Steps.Parsed, ConfigGenerator.Steps.Merged, ConfigGenerator.Steps.Generated, ConfigGenerator.Steps.Diagnostics, ConfigGenerator.Steps.Components];

    [Fact]
    public void An_unrelated_edit_leaves_every_output_cached()
    {
        var (driver, compilation) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Users; public static class Helper { public static int Twice(int x) => 2 * x; }",
            GeneratorHarness.ParseOptions, "Helper.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        foreach (var step in Steps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_of_the_config_reaches_the_output()
    {
        var (driver, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Shapes.cs");
        var changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Experiment.Replace("NumClasses = 3", "NumClasses = 4").Replace("\"c\"]", "\"c\", \"d\"]"),
            GeneratorHarness.ParseOptions, "Shapes.cs"));
        var result = driver.RunGenerators(changed).GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[ConfigGenerator.Steps.Merged].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("NumClasses = 4, // set in Shapes", result.GeneratedSources.Single(s => s.HintName == "Users.Shapes.g.cs").SourceText.ToString());
    }

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation(("Shapes.cs", Experiment), ("Blur.cs", Component));
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        return (driver, compilation);
    }
}
