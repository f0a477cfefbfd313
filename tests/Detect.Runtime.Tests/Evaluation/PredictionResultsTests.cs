using Detect.Evaluation;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Evaluation;

/// <summary>Predictions to COCO results: an image with no detections gives no results (TorchSharp cannot read empty tensors).</summary>
public class PredictionResultsTests
{
    [Fact]
    public void AnImageWithoutDetectionsGivesNoResults()
    {
        TorchRuntime.EnsureInitialized();
        var none = new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), zeros(0));
        var sample = new DetDataSample(new ImageMeta(7, "a.jpg", (40, 40), (40, 40), (40, 40), (1, 1))) { PredInstances = none };
        Assert.Empty(PredictionResults.Boxes(sample, [1, 2, 3]));
    }
}
