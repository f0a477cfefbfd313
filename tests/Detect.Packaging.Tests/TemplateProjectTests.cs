using Detect.Data;
using Xunit.Abstractions;

namespace Detect.Packaging.Tests;

/// <summary>
/// <c>dotnet new detect-experiment</c> outside the repository, restored from the folder feed: it builds with no
/// warning, a broken config fails the build with its DET diagnostic, and the fixed project trains 10 iterations
/// with nothing set up by hand (TorchSharp's native library loads through the package's build fix).
/// </summary>
[Collection(PackagedWorkspaceCollection.Name)]
public sealed class TemplateProjectTests(PackagedWorkspace workspace, ITestOutputHelper output)
{
    const string HeadLine = "[RetinaHead(NumClasses = 3)]";

    [Fact]
    public void Template_project_builds_reports_a_broken_config_and_trains()
    {
        foreach (var result in workspace.Log) output.WriteLine(result.ToString());
        AssertOutsideTheRepository(workspace.Root);

        string project = Path.Combine(workspace.Root, "MyDetector");
        Run(workspace.Root, "new", "detect-experiment", "-n", "MyDetector", "-o", project, "--no-update-check", "--debug:custom-hive", workspace.Hive);
        string config = Path.Combine(project, "MyDetectorExperiment.cs");
        Assert.Contains(HeadLine, File.ReadAllText(config));

        var build = Run(project, "build");
        Assert.Contains(" 0 Warning(s)", build.Output);
        Assert.True(File.Exists(Path.Combine(project, "Generated", "Detect.Generators", "Detect.Generators.ConfigGenerator", "MyDetector.MyDetectorExperiment.g.cs")),
            "EmitCompilerGeneratedFiles should put the generated config in Generated/");

        // A ResNet-18 under the inherited FPN, which still expects ResNet-50's channels.
        Edit(config, HeadLine, "[ResNet(Depth = 18, Delete = true)]\n" + HeadLine);
        var broken = DotnetCli.Run(project, "build");
        output.WriteLine(broken.ToString());
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("MyDetectorExperiment.cs(13,9): error DET201: FPN.InChannels [256, 512, 1024, 2048]", broken.Output);
        Assert.Contains("https://github.com/detect-dotnet/detect/blob/main/docs/diagnostics/DET201.md", broken.Output);

        // Fixed, and small enough to train in seconds: a narrow ResNet-18, its FPN, a one-conv head.
        Edit(config, "[ResNet(Depth = 18, Delete = true)]\n" + HeadLine,
            "[ResNet(Depth = 18, BaseChannels = 16, Delete = true)]\n[Fpn(InChannels = [16, 32, 64, 128], OutChannels = 32)]\n" +
            "[RetinaHead(NumClasses = 3, InChannels = 32, FeatChannels = 32, StackedConvs = 1)]");
        Assert.Contains(" 0 Warning(s)", Run(project, "build").Output);
        Assert.True(File.Exists(Path.Combine(project, "obj", "Debug", "net10.0", "native", "decision.txt")),
            "the package's build fix for TorchSharp's native library did not run in the user's build");

        // 10 training images of the three classes in batches of 2: 2 epochs of 5 iterations.
        var shapes = new ShapesDatasetOptions(ImageWidth: 64, ImageHeight: 64, MinShapes: 1, MaxShapes: 2, MinSize: 16, MaxSize: 40, Seed: 17);
        ShapesDataset.Generate(Path.Combine(project, "data", "coco"), "train2017", 10, shapes);
        ShapesDataset.Generate(Path.Combine(project, "data", "coco"), "val2017", 4, shapes);
        var train = Run(project, "run", "--no-build", "--", "--device", "cpu", "--cfg-options", "train_cfg.max_epochs=2",
            "param_scheduler.1.milestones=[1]", "train_dataloader.dataset.pipeline.2.scale=[64,64]", "test_dataloader.dataset.pipeline.1.scale=[64,64]",
            "val_dataloader.dataset.pipeline.1.scale=[64,64]");
        Assert.Contains("Epoch(train) [2][5/5]", train.Output);
        Assert.Contains("coco/bbox_mAP", train.Output);
        Assert.True(File.Exists(Path.Combine(project, "work_dirs", "MyDetectorExperiment", "epoch_2.pth")), "no checkpoint after the second epoch");
    }

    CommandResult Run(string directory, params string[] args)
    {
        var result = DotnetCli.Run(directory, args);
        output.WriteLine(result.ToString());
        return PackagedWorkspace.Expect(result);
    }

    static void Edit(string file, string find, string replace)
    {
        string text = File.ReadAllText(file);
        Assert.Contains(find, text);
        File.WriteAllText(file, text.Replace(find, replace));
    }

    // Nothing of the repository's build (Directory.Build.props/targets, central versions, nuget.config) may apply.
    static void AssertOutsideTheRepository(string folder)
    {
        Assert.False(Path.GetFullPath(folder).StartsWith(BuildInfo.RepositoryRoot, StringComparison.Ordinal), $"{folder} is inside the repository");
        for (var dir = new DirectoryInfo(folder).Parent; dir is not null; dir = dir.Parent)
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "nuget.config", "NuGet.Config" })
                Assert.False(File.Exists(Path.Combine(dir.FullName, name)), $"{Path.Combine(dir.FullName, name)} would apply to the user's project");
    }
}
