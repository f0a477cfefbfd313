namespace Detect.Cli.Tests;

/// <summary><c>detect get-flops</c> on the zoo's RetinaNet (the counting itself is checked against MMCV's rules in Detect.Models.Tests).</summary>
public sealed class GetFlopsCommandTests
{
    [Fact]
    public void PrintsTheTreeParametersAndMmdetectionsSummary()
    {
        var run = Cli.Run("get-flops", "RetinaNetR50Fpn1xCoco", "--shape", "50", "--max-depth", "1");
        Assert.True(run.Exit == 0, run.Err);
        // Every parameter of RetinaNet R-50-FPN (80 classes), and MMCV's trainable count without the frozen stem and layer1.
        Assert.Contains("Parameters: 37,968,692 in all, 37,743,348 trainable", run.Out);
        Assert.Contains("RetinaNet(\n  37.743 M, 100.000% Params, ", run.Out);
        Assert.Contains("\n  (backbone): ResNet(23.283 M, 61.687% Params, ", run.Out);
        Assert.Contains("==============================\nUse size divisor set input shape from (3, 50, 50) to (3, 64, 64)\n", run.Out);
        Assert.Matches(@"==============================\nInput shape: \(3, 64, 64\)\nFlops: \d+\.\d+ GFLOPs\nParams: 37\.74 M\n==============================\n", run.Out);
    }

    [Fact]
    public void RejectsABadShape()
    {
        var run = Cli.Run("get-flops", "RetinaNetR50Fpn1xCoco", "--shape", "0", "800");
        Assert.Equal(2, run.Exit);
        Assert.Contains("--shape takes one or two positive sizes", run.Err);
    }
}
