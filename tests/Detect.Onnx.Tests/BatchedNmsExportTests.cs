using Detect.Models.PostProcessing;
using Detect.Onnx.Graph;
using Detect.Onnx.PostProcessing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>
/// <see cref="BatchedNmsExport"/> where the candidate count is known at run time only: the graph makes
/// <see cref="BatchedNms"/>'s choice there (an <c>If</c>: the coordinate trick below <c>split_thr</c> boxes, class by
/// class from it on), so both sides keep the same boxes in the same order either side of the threshold.
/// </summary>
public sealed class BatchedNmsExportTests
{
    public BatchedNmsExportTests() => Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);

    [Theory]
    [InlineData(30)]
    [InlineData(80)]
    public void SplitThrChosenAtRunTime_KeepsWhatBatchedNmsKeeps(int count)
    {
        var nms = new NmsConfig(0.5, splitThr: 50);
        var g = new OnnxGraph();
        var boxes = g.Input("boxes", ["n", 4L]);
        var scores = g.Input("scores", ["n"]);
        var labels = g.Node("Cast", "test", [g.Input("labels", ["n"])], OnnxAttributes.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Int64));
        var keep = BatchedNmsExport.Emit(g, nms, "nms", boxes, scores, labels, numClasses: 3, maxCandidates: 1000);
        g.Output("keep", keep, ["k"], global::Onnx.TensorProto.Types.DataType.Int64);
        Assert.Contains(g.ToModel(17, "0", new Dictionary<string, string>()).Graph.Node, n => n.OpType == "If");

        // Clusters of overlapping boxes of three classes, so NMS has work to do in each.
        var gen = new Generator(3);
        var xy = rand([count, 2], generator: gen).mul_(60);
        var box = cat([xy, xy.add(rand([count, 2], generator: gen).mul_(20).add_(10))], 1);
        var score = rand([count], generator: gen);
        var label = randint(0, 3, [count], generator: gen);
        var (expected, _) = BatchedNms.Apply(box, score, label, nms);

        var path = Path.Combine(Path.GetTempPath(), $"detect-nms-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, g.ToModel(17, "0", new Dictionary<string, string>()).ToByteArray());
        try
        {
            using var session = new InferenceSession(path);
            using var b = OrtValue.CreateTensorValueFromMemory(box.data<float>().ToArray(), [count, 4]);
            using var s = OrtValue.CreateTensorValueFromMemory(score.data<float>().ToArray(), [count]);
            using var l = OrtValue.CreateTensorValueFromMemory(label.to(ScalarType.Float32).data<float>().ToArray(), [count]);
            using var outputs = session.Run(new RunOptions(), new Dictionary<string, OrtValue> { ["boxes"] = b, ["scores"] = s, ["labels"] = l }, ["keep"]);
            var actual = outputs[0].GetTensorDataAsSpan<long>().ToArray();
            Assert.True(expected.shape[0] < count, "NMS should drop some boxes");
            Assert.Equal(expected.data<long>().ToArray(), actual);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
