using System.Text.RegularExpressions;

namespace Detect.Cli.Tests;

/// <summary><c>detect benchmark</c>: MMDetection's FPS lines, warm-up left out, conv–BN fusion, and clear errors.</summary>
public sealed class BenchmarkCommandTests
{
    [Fact]
    public void PrintsFpsEveryLogIntervalAndOverall()
    {
        using var tmp = new TempFolder();
        TinyShapesRetinaNet.Generate(tmp.Root);
        var run = Cli.Run(["benchmark", TinyShapesRetinaNet.Experiment, "--images", Path.Combine(tmp.Root, "val"), "--max-iter", "5",
            "--num-warmup", "1", "--log-interval", "2", "--fuse-conv-bn", "--device", "cpu", .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("no --weights given", run.Err);
        // ResNet-18: the stem's norm, two per block (8 blocks) and three shortcut norms.
        Assert.Contains("fuse_conv_bn: fused 20 conv-norm pairs", run.Out);
        Assert.Contains("3 image(s) cycled over 5 iterations, the first 1 not timed", run.Out);
        Assert.Matches(@"Done image \[2  / 5\], fps: \d+\.\d img / s, times per image: \d+\.\d ms / img", run.Out);
        Assert.Matches(@"Done image \[4  / 5\], fps: \d+\.\d img / s", run.Out);
        var overall = Regex.Match(run.Out, @"Overall fps: (\d+\.\d) img / s, times per image: (\d+\.\d) ms / img");
        Assert.True(overall.Success, run.Out);
        Assert.True(double.Parse(overall.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void AnEmptyFolderOrNoTimedIterationIsAnError()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp["empty"]);
        var empty = Cli.Run(["benchmark", TinyShapesRetinaNet.Experiment, "--images", tmp["empty"], .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.Equal(1, empty.Exit);
        Assert.Contains("no images", empty.Err);
        var untimed = Cli.Run(["benchmark", TinyShapesRetinaNet.Experiment, "--images", tmp["empty"], "--max-iter", "5", "--num-warmup", "5"]);
        Assert.Equal(1, untimed.Exit);
        Assert.Contains("must exceed num_warmup", untimed.Err);
    }
}
