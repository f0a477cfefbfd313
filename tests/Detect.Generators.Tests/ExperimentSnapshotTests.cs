using Detect.Generators.Tests.Infrastructure;

namespace Detect.Generators.Tests;

/// <summary>Snapshots of generated experiments: a base one, a derived one that merges, one with Delete, one that changes the dataset's classes.</summary>
public sealed class ExperimentSnapshotTests
{
    private const string Usings = "using Detect.Config;\nusing Detect.Models.Zoo;\n\nnamespace Users;\n\n";

    [Fact]
    public void Base_experiment_composes_the_four_parts()
    {
        var run = GeneratorHarness.Generate(("Configs/MyRetinaNet.cs", Usings + """
            [Experiment]
            [BaseParts(typeof(RetinaNetR50Fpn), typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
            public partial record MyRetinaNet;
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Snapshot.Match("BaseExperiment", run.Source("Users.MyRetinaNet.g.cs"));
    }

    [Fact]
    public void Derived_experiment_merges_field_by_field_and_replaces_lists()
    {
        var run = GeneratorHarness.Generate(("Configs/Derived.cs", Usings + """
            [Experiment]
            [RetinaHead(StackedConvs = 2)]
            [Sgd(Lr = 0.005)]
            [MultiStepLr(Begin = 0, End = 12, ByEpoch = true, Milestones = [9])]
            public partial record Derived : RetinaNetR50Fpn1xCoco;
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Snapshot.Match("DerivedExperiment", run.Source("Users.Derived.g.cs"));
    }

    [Fact]
    public void Delete_replaces_the_inherited_component_wholesale()
    {
        var run = GeneratorHarness.Generate(("Configs/Narrow.cs", Usings + """
            [Experiment]
            [ResNet(Depth = 18, Delete = true)]
            [Fpn(InChannels = [64, 128, 256, 512])]
            public partial record Narrow : RetinaNetR50Fpn1xCoco;
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Snapshot.Match("DeleteExperiment", run.Source("Users.Narrow.g.cs"));
    }

    [Fact]
    public void Changed_classes_flow_into_every_loader()
    {
        var run = GeneratorHarness.Generate(("Configs/Shapes.cs", Usings + """
            [Experiment]
            [RetinaHead(NumClasses = 3)]
            [CocoDataset(DataRoot = "data/shapes/", Classes = ["circle", "square", "triangle"])]
            public partial record Shapes : RetinaNetR50Fpn1xCoco;
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Snapshot.Match("ClassesExperiment", run.Source("Users.Shapes.g.cs"));
    }
}
