using Detect.Models.DenseHeads;
using Detect.Onnx.Export;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Detect.Onnx.Runtime;

/// <summary>
/// Runs a graph written by <see cref="OnnxExporter"/> in ONNX Runtime (CPU execution provider) and returns its raw
/// outputs as a <see cref="DenseHeadOutputs"/> of CPU tensors, for the detector's own post-processing
/// (<see cref="Models.Detectors.SingleStageDetector.DenseBackend"/>).
/// </summary>
public sealed class OnnxRuntimeDenseForward : IDenseForward
{
    readonly InferenceSession session;
    readonly string[] clsNames, bboxNames, centernessNames;

    /// <summary>Opens <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">An ONNX file from <c>detect export</c>.</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads; 0 lets it choose.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a model Detect exported.</exception>
    public OnnxRuntimeDenseForward(string modelPath, int intraOpThreads = 0)
    {
        session = OnnxSessions.Open(modelPath, intraOpThreads);
        var outputs = session.OutputMetadata.Keys.ToHashSet();
        int levels = outputs.Count(o => o.StartsWith(OnnxExporter.ClsScore + "_", StringComparison.Ordinal));
        bool centerness = outputs.Contains($"{OnnxExporter.Centerness}_0");
        var expected = OnnxExporter.OutputNames(levels, centerness);
        if (!session.InputMetadata.TryGetValue(OnnxExporter.InputName, out _) || levels == 0 || !expected.ToHashSet().SetEquals(outputs))
        {
            session.Dispose();
            throw new InvalidDataException($"{modelPath}: not a model from 'detect export' (input '{OnnxExporter.InputName}', outputs " +
                $"{OnnxExporter.ClsScore}_i, {OnnxExporter.BboxPred}_i[, {OnnxExporter.Centerness}_i]); it has outputs {string.Join(", ", outputs)}.");
        }
        clsNames = [.. expected.Take(levels)];
        bboxNames = [.. expected.Skip(levels).Take(levels)];
        centernessNames = [.. expected.Skip(2 * levels)];
        ModelPath = modelPath;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The batch's shape differs from a fixed-shape model's.</exception>
    public DenseHeadOutputs Forward(Tensor inputs)
    {
        using var value = OnnxSessions.Batch(session, ModelPath, inputs);
        using var runOptions = new RunOptions();
        string[] names = [.. clsNames, .. bboxNames, .. centernessNames];
        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { [OnnxExporter.InputName] = value }, names);
        var tensors = results.Select(r => tensor(r.GetTensorDataAsSpan<float>().ToArray(), r.GetTensorTypeAndShape().Shape, ScalarType.Float32)).ToArray();
        int levels = clsNames.Length;
        return new DenseHeadOutputs(tensors[..levels], tensors[levels..(2 * levels)], centernessNames.Length == 0 ? null : tensors[(2 * levels)..]);
    }

    /// <inheritdoc/>
    public void Dispose() => session.Dispose();
}
