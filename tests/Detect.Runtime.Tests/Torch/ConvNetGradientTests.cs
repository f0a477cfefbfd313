using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Torch;

/// <summary>A small conv net's forward and backward on CPU, checked against values computed by hand.</summary>
public class ConvNetGradientTests
{
    [Fact]
    public void ConvReluSumOfSquaresMatchesHandComputedGradient()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();

        // x = [[1,2,3],[4,5,6],[7,8,9]], one 2x2 kernel w = [[1,2],[3,4]], bias 0.5.
        var x = arange(1, 10, dtype: float64).reshape(1, 1, 3, 3);
        var conv = nn.Conv2d(1, 1, 2, dtype: float64);
        using (no_grad())
        {
            conv.weight!.copy_(tensor(new double[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2));
            conv.bias!.fill_(0.5);
        }
        var net = nn.Sequential(conv, nn.ReLU());

        // Forward by hand: y00 = 1*1+2*2+3*4+4*5+0.5 = 37.5, y01 = 47.5, y10 = 67.5, y11 = 77.5 (all > 0, ReLU passes).
        var y = net.call(x);
        Assert.Equal(new[] { 37.5, 47.5, 67.5, 77.5 }, y.flatten().data<double>().ToArray());

        // L = sum(y^2) / 2 = (1406.25 + 2256.25 + 4556.25 + 6006.25) / 2 = 7112.5, so dL/dy = y.
        var loss = y.pow(2).sum() / 2;
        Assert.Equal(7112.5, loss.item<double>());
        loss.backward();

        // dL/dw[a,b] = sum_ij y[i,j] * x[i+a, j+b]:
        //   w00: 37.5*1 + 47.5*2 + 67.5*4 + 77.5*5 = 790      w01: 37.5*2 + 47.5*3 + 67.5*5 + 77.5*6 = 1020
        //   w10: 37.5*4 + 47.5*5 + 67.5*7 + 77.5*8 = 1480     w11: 37.5*5 + 47.5*6 + 67.5*8 + 77.5*9 = 1710
        // dL/db = 37.5 + 47.5 + 67.5 + 77.5 = 230
        Assert.Equal(new[] { 790.0, 1020, 1480, 1710 }, conv.weight!.grad!.flatten().data<double>().ToArray());
        Assert.Equal(230.0, conv.bias!.grad!.item<double>());
    }

    [Fact]
    public void ReluBlocksGradientOfNegativeOutputs()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();

        var x = arange(1, 10, dtype: float64).reshape(1, 1, 3, 3);
        var conv = nn.Conv2d(1, 1, 2, dtype: float64);
        using (no_grad())
        {
            conv.weight!.copy_(tensor(new double[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2));
            conv.bias!.fill_(-50); // outputs become 37-50, 47-50, 67-50, 77-50 = -13, -3, 17, 27: ReLU cuts the first two
        }
        var y = nn.functional.relu(conv.call(x));
        (y.pow(2).sum() / 2).backward();

        // Only y10 = 17 (patch 4,5,7,8) and y11 = 27 (patch 5,6,8,9) contribute:
        //   w00: 17*4 + 27*5 = 203   w01: 17*5 + 27*6 = 247
        //   w10: 17*7 + 27*8 = 335   w11: 17*8 + 27*9 = 379   b: 17 + 27 = 44
        Assert.Equal(new[] { 203.0, 247, 335, 379 }, conv.weight!.grad!.flatten().data<double>().ToArray());
        Assert.Equal(44.0, conv.bias!.grad!.item<double>());
    }
}
