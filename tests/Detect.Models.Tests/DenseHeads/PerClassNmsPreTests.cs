using Detect.Models.DenseHeads;
using Detect.Models.PostProcessing;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DenseHeads;

/// <summary>
/// <c>nms_pre</c> counted per class over all levels (<see cref="DenseTestConfig.NmsPrePerClass"/>, torchvision SSD's
/// <c>topk_candidates</c>): with NMS that suppresses nothing, exactly the k best (anchor, class) scores of every class reach the
/// output, whichever level they are on; counted per level (MMDetection), k per level over all classes.
/// </summary>
public sealed class PerClassNmsPreTests
{
    static PerClassNmsPreTests() => TorchRuntime.EnsureInitialized();

    static SSDHead Head() => new(3, [8, 8, 8, 8],
        new TorchvisionDefaultBoxGenerator([8, 16, 32, 64], [0.1, 0.2, 0.4, 0.7, 1.0], [2, 2, 3, 2, 2], [1, 2, 1, 1], inputSize: 64),
        new TorchvisionBoxCoder([10, 10, 5, 5]));

    static (Tensor[] Cls, Tensor[] Reg) Outputs()
    {
        var gen = new Generator(3);
        (int H, int W, int A)[] levels = [(8, 8, 4), (4, 4, 6), (2, 2, 4), (1, 1, 4)];
        return ([.. levels.Select(l => randn(1, l.A * 4, l.H, l.W, generator: gen))], [.. levels.Select(l => zeros(1, l.A * 4, l.H, l.W))]);
    }

    static ImageMeta Meta => new(0, "x.png", (64, 64), (64, 64), (64, 64), (1, 1)) { BatchInputShape = (64, 64) };

    [Fact]
    public void EachClassKeepsItsKBestScoresOverAllLevels()
    {
        using var scope = NewDisposeScope();
        var (cls, reg) = Outputs();
        var cfg = new DenseTestConfig(nmsPre: 5, scoreThr: 0, nms: new NmsConfig(1.0), maxPerImg: 1000, minBboxSize: -1, nmsPrePerClass: true);
        var result = Head().PredictByFeat(new DenseHeadOutputs(cls, reg), [Meta], cfg, rescale: false)[0];

        // Expected: softmax over the 4 channels of each anchor, background (last) dropped, the 5 best of each class.
        var scores = cat([.. cls.Select(c => c[0].permute(1, 2, 0).reshape(-1, 4).softmax(-1)[.., ..3])]);
        var expected = Enumerable.Range(0, 3).SelectMany(c => scores[.., c].sort(0, descending: true).Values[..5].data<float>().ToArray()
            .Select(s => (Label: (long)c, Score: s))).OrderBy(p => p.Label).ThenByDescending(p => p.Score).ToArray();
        var labels = result.Labels.data<long>().ToArray();
        var kept = result.Scores!.data<float>().ToArray();
        var actual = labels.Zip(kept, (l, s) => (Label: l, Score: s)).OrderBy(p => p.Label).ThenByDescending(p => p.Score).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PerLevelCountingKeepsKPerLevel()
    {
        using var scope = NewDisposeScope();
        var (cls, reg) = Outputs();
        var cfg = new DenseTestConfig(nmsPre: 5, scoreThr: 0, nms: new NmsConfig(1.0), maxPerImg: 1000, minBboxSize: -1);
        var result = Head().PredictByFeat(new DenseHeadOutputs(cls, reg), [Meta], cfg, rescale: false)[0];
        Assert.Equal(4 * 5, result.Labels.shape[0]);
    }
}
