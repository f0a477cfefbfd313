using System.Text.Json;
using Detect.Config;
using Detect.Models.Analysis;
using Detect.Models.Backbones;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Analysis;

/// <summary>
/// FLOP and parameter counts against MMCV's rules applied to torchvision's ResNet-50 by
/// tests/golden/analysis/make_flops_goldens.py (torch forward hooks, input 1×3×160×128).
/// </summary>
public class ComplexityCounterTests
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "golden", "analysis", "flops_resnet50.json"))).RootElement;

    [Fact]
    public void ResNet50CountsEqualMmcvRulesOnTorchvision()
    {
        TorchRuntime.EnsureInitialized();
        using var resnet = new ResNet(depth: 50);
        var report = ComplexityCounter.Measure(resnet, [1, 3, 160, 128], x => resnet.call(x));

        foreach (var child in new[] { "conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4" })
            AssertCounts(Golden.GetProperty("children").GetProperty(child), report.Root.Find(child), child);
        foreach (var block in Golden.GetProperty("blocks").EnumerateObject())
            AssertCounts(block.Value, report.Root.Find(block.Name), block.Name);
        Assert.Equal(Golden.GetProperty("backbone_flops").GetInt64(), report.Flops);
        Assert.Equal(Golden.GetProperty("backbone_params").GetInt64(), report.Trainable);
        Assert.Equal(resnet.parameters().Sum(p => p.numel()), report.All);
        Assert.Equal(report.All, report.Trainable);
    }

    [Fact]
    public void FrozenStagesAreLeftOutOfMmcvParamsButNotOfAllParams()
    {
        TorchRuntime.EnsureInitialized();
        using var resnet = new ResNet(depth: 18, baseChannels: 8, frozenStages: 1);
        var report = ComplexityCounter.Measure(resnet, [1, 3, 64, 64], x => resnet.call(x));
        long frozen = resnet.parameters().Where(p => !p.requires_grad).Sum(p => p.numel());
        Assert.True(frozen > 0);
        Assert.Equal(resnet.parameters().Sum(p => p.numel()), report.All);
        Assert.Equal(report.All - frozen, report.Trainable);
        Assert.Equal(0, report.Root.Find("layer1")!.Params);
    }

    [Fact]
    public void ReportPrintsMmcvTreeAndMmdetectionSummary()
    {
        TorchRuntime.EnsureInitialized();
        using var conv = nn.Sequential(("conv", nn.Conv2d(3, 8, 3)), ("act", nn.ReLU()));
        var report = ComplexityCounter.Measure(conv, [1, 3, 16, 16], x => conv.call(x));
        // 14×14 positions × (27 × 8 multiply-adds + 8 bias adds), then 8×14×14 ReLUs; 224 parameters.
        Assert.Equal(14 * 14 * (27 * 8 + 8) + 8 * 14 * 14, report.Flops);
        Assert.Equal(
            "Sequential(\n  0.0 M, 100.000% Params, 0.0 GFLOPs, 100.000% FLOPs, \n" +
            "  (conv): Conv2d(0.0 M, 100.000% Params, 0.0 GFLOPs, 96.552% FLOPs, 3, 8, kernel_size=(3, 3), stride=(1, 1))\n" +
            "  (act): ReLU(0.0 M, 0.000% Params, 0.0 GFLOPs, 3.448% FLOPs, )\n)", report.FormatTree());
        Assert.Equal("==============================\nInput shape: (3, 16, 16)\nFlops: 0.0 GFLOPs\nParams: 224\n==============================",
            report.FormatSummary());
    }

    [Fact]
    public void ModelsWithoutCountedLayersReportZero()
    {
        TorchRuntime.EnsureInitialized();
        using var identity = nn.Identity();
        var report = ComplexityCounter.Measure(identity, [1, 3, 8, 8], x => identity.call(x));
        Assert.Equal(0, report.Flops);
        Assert.Equal(0, report.All);
        Assert.Contains("Flops: 0.0 GFLOPs", report.FormatSummary());
        Assert.Throws<ArgumentException>(() => FlopRules.Flops(identity, zeros(1), zeros(1)));
    }

    [Fact]
    public void NumbersAreFormattedAsPythonFormatsThem()
    {
        foreach (var sample in Golden.GetProperty("formatting").EnumerateArray())
        {
            double v = sample.GetProperty("value").GetDouble();
            Assert.Equal(sample.GetProperty("str").GetString(), PythonFloat.Str(v));
            Assert.Equal(sample.GetProperty("round2").GetString(), PythonFloat.Str(PythonFloat.Round(v / 1e9, 2)));
            Assert.Equal(sample.GetProperty("round3").GetString(), PythonFloat.Str(PythonFloat.Round(v / 1e6, 3)));
            Assert.Equal(sample.GetProperty("fixed3").GetString(), PythonFloat.Fixed(v, 3));
            Assert.Equal(sample.GetProperty("percent").GetString(), PythonFloat.Fixed(v / 1e3 * 100, 3) + "%");
            Assert.Equal(sample.GetProperty("general").GetString(), PythonFloat.General(v));
            Assert.Equal(sample.GetProperty("general_small").GetString(), PythonFloat.General(v * 1e-9));
        }
    }

    static void AssertCounts(JsonElement expected, ModuleComplexity? actual, string name)
    {
        Assert.True(actual is not null, $"{name} is not in the report");
        Assert.Equal((name, expected.GetProperty("flops").GetInt64()), (name, actual!.Flops));
        Assert.Equal((name, expected.GetProperty("params").GetInt64()), (name, actual.Params));
    }
}
