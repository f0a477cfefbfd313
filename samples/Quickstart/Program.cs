// Quickstart (foundation stage): prints the environment and runs one training step of a small conv
// net, proving that TorchSharp and libtorch 2.10 load and train on this machine. The detector
// training described in the README replaces this once models, data and engine exist.
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.EnsureInitialized();
var report = EnvironmentReport.Collect(args.Length > 0 ? args[0] : "auto");
Console.WriteLine(report);

torch.manual_seed(0);
var device = DeviceSelector.Resolve(report.Device);
var net = nn.Sequential(
    ("conv1", nn.Conv2d(3, 8, 3, padding: 1)), ("relu1", nn.ReLU()),
    ("conv2", nn.Conv2d(8, 16, 3, stride: 2, padding: 1)), ("relu2", nn.ReLU()),
    ("pool", nn.AdaptiveAvgPool2d(1)), ("flat", nn.Flatten()), ("fc", nn.Linear(16, 3))).to(device);
var optimizer = optim.SGD(net.parameters(), learningRate: 0.1);

using (var scope = NewDisposeScope())
{
    var images = randn(4, 3, 32, 32, device: device);
    var labels = tensor(new long[] { 0, 1, 2, 1 }, device: device);
    var before = nn.functional.cross_entropy(net.call(images), labels);
    optimizer.zero_grad();
    before.backward();
    optimizer.step();
    var after = nn.functional.cross_entropy(net.call(images), labels);
    Console.WriteLine($"one SGD step of a small conv net: loss {before.item<float>():F4} -> {after.item<float>():F4}");
}
