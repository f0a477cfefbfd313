using Detect.Data;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Data;

/// <summary>BatchPadding.StackBatch against MMEngine's stack_batch.</summary>
public class BatchPaddingTests
{
    [Fact]
    public void MatchesMmengineStackBatch()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var inputs = DataFixtures.Json.GetProperty("stack_inputs").EnumerateArray()
            .Select(t => tensor(t.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray()))
            .ToList();
        foreach (var c in DataFixtures.Json.GetProperty("stack_batch").EnumerateArray())
        {
            var batch = BatchPadding.StackBatch(inputs, c.GetProperty("divisor").GetInt32(), c.GetProperty("pad_value").GetDouble());

            Assert.Equal(c.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()), batch.shape);
            Assert.Equal(c.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()), batch.flatten().data<float>().ToArray());
        }
    }

    [Fact]
    public void PadShapeRoundsEachEdgeUp()
    {
        Assert.Equal((800, 1344), BatchPadding.PadShape(800, 1333, 32));
        Assert.Equal((5, 7), BatchPadding.PadShape(5, 7, 1));
    }

    [Fact]
    public void MixedChannelCountsAreRejected()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        using var a = zeros(3, 4, 4);
        using var b = zeros(1, 4, 4);

        var error = Assert.Throws<ArgumentException>(() => BatchPadding.StackBatch([a, b]));

        Assert.Contains("3×H×W", error.Message);
    }
}
