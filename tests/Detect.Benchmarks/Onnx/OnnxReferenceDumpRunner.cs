using Detect.Config;
using Detect.Models.Detectors;
using Detect.Models.Zoo;
using Detect.Onnx.Export;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Onnx;

/// <summary>
/// <c>-- onnx-dump DIR</c>: zoo detectors (narrowed through <c>--cfg-options</c>, seeded random weights) exported at opsets 17
/// and 18, each with a seeded input and TorchSharp's value of every graph output for it, as <c>.npy</c>; what
/// <c>tests/golden/onnx/cross_check.py</c> reads to check the graphs with another ONNX stack (a newer onnx checker, another
/// ONNX Runtime, its CUDA provider) than the one the tests use. A console runner: it writes files, it times nothing.
/// </summary>
public static class OnnxReferenceDumpRunner
{
    /// <summary>Narrow single-stage zoo detectors: a ResNet-18 of width 16, 32-channel FPN and heads, 320×320 input.</summary>
    static readonly (string Name, string Experiment, string[] Options)[] Models =
    [
        ("retinanet", nameof(RetinaNetR50Fpn1xCoco), ["model.backbone.depth=18", "model.backbone.base_channels=16", "model.backbone.init_cfg=None",
            "model.neck.in_channels=[16,32,64,128]", "model.neck.out_channels=32", "model.bbox_head.in_channels=32", "model.bbox_head.feat_channels=32"]),
        ("fcos", nameof(FcosR50Fpn1xCoco), ["model.backbone.depth=18", "model.backbone.base_channels=16", "model.backbone.init_cfg=None",
            "model.neck.in_channels=[16,32,64,128]", "model.neck.out_channels=32", "model.bbox_head.in_channels=32", "model.bbox_head.feat_channels=32"]),
    ];

    /// <summary>Writes the graphs, inputs and reference outputs.</summary>
    public static void Run(string[] args)
    {
        string dir = args.Length > 1 ? args[1] : throw new ArgumentException("usage: onnx-dump DIR");
        Directory.CreateDirectory(dir);
        const int size = 320;
        foreach (var (name, experimentName, options) in Models)
        {
            var experiment = ExperimentCatalog.Find(experimentName, [typeof(RetinaNetR50Fpn1xCoco).Assembly]).WithOptions(options);
            random.manual_seed(7);
            using var model = (SingleStageDetector)experiment.BuildModel();
            model.eval();
            foreach (int opset in new[] { 17, 18 })
            {
                string stem = Path.Combine(dir, $"{name}_op{opset}");
                var proto = OnnxExporter.Save(model, new OnnxExportOptions(size, size, Opset: opset), stem + ".onnx");
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                random.manual_seed(11);
                var input = randn(1, 3, size, size);
                NpyWriter.Save(input, stem + ".input.npy");
                var outputs = model.ForwardDense(input);
                var tensors = outputs.ClsScores.Concat(outputs.BboxPreds).Concat(outputs.ScoreFactors ?? []).ToList();
                var names = proto.Graph.Output.Select(o => o.Name).ToList();
                if (names.Count != tensors.Count) throw new InvalidOperationException($"{stem}: {names.Count} graph outputs, {tensors.Count} head outputs.");
                for (int i = 0; i < names.Count; i++) NpyWriter.Save(tensors[i], $"{stem}.{names[i]}.npy");
                Console.WriteLine($"{stem}.onnx: {proto.Graph.Node.Count} nodes, {names.Count} outputs");
            }
        }
    }
}
