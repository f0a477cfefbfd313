using Detect.Models.TaskModules.PriorGenerators;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using Detect.Onnx.PostProcessing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>
/// The priors a <c>--dynamic-shape</c> graph computes when it runs equal the prior generator's own grids (TorchSharp) at
/// input sizes other than the traced one, for MMDetection's anchors and points and torchvision's batch-measured strides;
/// a generator whose grid is not a shifted cell-(0, 0) grid is refused, named.
/// </summary>
public sealed class PriorGridExportTests
{
    public static TheoryData<string> Generators => ["mmdet_anchors", "mmdet_points", "torchvision_anchors", "torchvision_points"];

    [Theory]
    [MemberData(nameof(Generators))]
    public void DynamicGraphPriors_EqualTheGeneratorsGrids(string name)
    {
        var generator = Build(name);
        int levels = generator.NumLevels;
        var g = new OnnxGraph();
        var input = g.Input(OnnxExporter.InputName, [1L, 3L, "height", "width"]);
        var features = Enumerable.Range(0, levels).Select(i => g.Input($"level{i}", [1L, 1L, $"h{i}", $"w{i}"])).ToList();
        var priors = PriorGridExport.Emit(g, generator, "priors", features, input, fixedShape: null);
        for (int i = 0; i < levels; i++) g.Output($"priors_{i}", priors[i], [$"rows{i}", $"columns{i}"]);
        var path = Path.Combine(Path.GetTempPath(), $"priors-{name}-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, g.ToModel(17, "test", new Dictionary<string, string>()).ToByteArray());
        try
        {
            using var session = new InferenceSession(path);
            // A batch whose rounded-up levels make torchvision's measured strides differ from the nominal ones (800 // 13 = 61).
            foreach (var (height, width) in new[] { (64, 96), (800, 1088), (75, 101) })
            {
                var sizes = generator.Strides.Select(s => ((height + s.H - 1) / s.H, (width + s.W - 1) / s.W)).ToArray();
                using var scope = NewDisposeScope();
                var expected = generator.ForBatch((height, width), sizes).GridPriors(sizes, ScalarType.Float32, CPU);
                var feeds = new Dictionary<string, OrtValue> { [OnnxExporter.InputName] = OrtValue.CreateTensorValueFromMemory(new float[3 * height * width], [1, 3, height, width]) };
                for (int i = 0; i < levels; i++)
                    feeds[$"level{i}"] = OrtValue.CreateTensorValueFromMemory(new float[sizes[i].Item1 * sizes[i].Item2], [1, 1, sizes[i].Item1, sizes[i].Item2]);
                using var runOptions = new RunOptions();
                using var outputs = session.Run(runOptions, feeds, [.. Enumerable.Range(0, levels).Select(i => $"priors_{i}")]);
                for (int i = 0; i < levels; i++)
                {
                    var actual = tensor(outputs[i].GetTensorDataAsSpan<float>().ToArray(), outputs[i].GetTensorTypeAndShape().Shape, ScalarType.Float32);
                    Assert.Equal(expected[i].shape, actual.shape);
                    double diff = actual.sub(expected[i]).abs().max().item<float>();
                    Assert.True(diff == 0, $"{name} {height}×{width} level {i}: priors differ by up to {diff}");
                }
                foreach (var feed in feeds.Values) feed.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GeneratorWhoseGridIsNotShifted_IsRefusedNamed()
    {
        var g = new OnnxGraph();
        var input = g.Input(OnnxExporter.InputName, [1L, 3L, "height", "width"]);
        var e = Assert.Throws<OnnxExportException>(() => PriorGridExport.Emit(g, new ReversedGrid(Build("mmdet_anchors")), "priors", ["a", "b", "c"], input, fixedShape: null));
        Assert.StartsWith("ReversedGrid: its priors at level 0 are not a grid of its cell-(0, 0) priors shifted by the strides", e.Message);
        Assert.Contains("drop --dynamic-shape", e.Message);
    }

    static IPriorGenerator Build(string name) => name switch
    {
        "mmdet_anchors" => new AnchorGenerator([8, 16, 32], [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3),
        "mmdet_points" => new MlvlPointGenerator([8, 16, 32], offset: 0.5),
        "torchvision_anchors" => new TorchvisionAnchorGenerator([8, 16, 32, 64, 128], [32, 64, 128, 256, 512], [0.5, 1.0, 2.0], scalesPerOctave: 3),
        "torchvision_points" => new MlvlPointGenerator([8, 16, 32, 64, 128], offset: 0, stridesFromBatch: true),
        _ => throw new ArgumentException(name),
    };

    // A generator whose cells come in reverse order: not a shifted grid.
    sealed class ReversedGrid(IPriorGenerator inner) : IPriorGenerator
    {
        public int NumLevels => inner.NumLevels;
        public IReadOnlyList<int> NumBasePriors => inner.NumBasePriors;
        public IReadOnlyList<Stride> Strides => inner.Strides;
        public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
            [.. inner.GridPriors(featmapSizes, dtype, device).Select(p => p.flip(0))];
        public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
            inner.SingleLevelGridPriors(featmapSize, levelIdx, dtype, device).flip(0);
        public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
            throw new NotSupportedException();
        public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null) =>
            inner.ValidFlags(featmapSizes, padShape, device);
    }
}
