using Detect.Models.Layers;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Layers;

public class LeakyReluTests
{
    public LeakyReluTests() => TorchRuntime.EnsureInitialized();

    // torch.nn.LeakyReLU(0.1)(torch.tensor([-2., -0.5, 0., 3.])) = [-0.2, -0.05, 0., 3.]
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesTorchLeakyRelu(bool inplace)
    {
        using var act = new LeakyRelu(0.1, inplace);
        using var x = tensor(new float[] { -2f, -0.5f, 0f, 3f });
        using var y = act.call(x);
        Assert.Equal([-0.2f, -0.05f, 0f, 3f], y.data<float>().ToArray());
        Assert.Equal(inplace ? -0.2f : -2f, x[0].item<float>());
    }
}
