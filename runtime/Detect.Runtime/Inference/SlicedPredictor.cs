using static TorchSharp.torch;

namespace Detect.Inference;

/// <summary>
/// Sliced inference of one large image (MMDetection's <c>demo/large_image_demo.py</c>): the image is loaded once, cut
/// into the <see cref="SliceWindows"/> patches, each patch runs through the test pipeline after the loader (batched),
/// and the patches' predictions are merged by <see cref="SlicedPredictions"/>.
/// </summary>
internal static class SlicedPredictor
{
    public static ImagePrediction Predict(DetInferencer inferencer, InferenceInput input, long id, string name, SliceOptions slice,
        int batchSize, InferenceOutputs outputs)
    {
        var image = inferencer.Pipeline.Load(input, id, name).Img;
        var windows = SliceWindows.Of(image.Height, image.Width, slice);
        var patches = new List<Structures.InstanceData>(windows.Count);
        try
        {
            foreach (var chunk in windows.Chunk(batchSize))
                patches.AddRange(inferencer.Predict([.. chunk.Select(w => inferencer.Pipeline.Apply(
                    InferenceInput.FromImage(SliceWindows.Crop(image, w)), id, $"{name}[{w.X},{w.Y}]").Packed)]));
            using var scope = NewDisposeScope();
            var merged = SlicedPredictions.Merge(patches, windows, slice.MergeIouThr, (image.Height, image.Width)).DetachFromDisposeScope();
            outputs.Write(name, image, merged);
            return new ImagePrediction(name, input.Path, (image.Height, image.Width), merged);
        }
        finally
        {
            foreach (var patch in patches) patch.Dispose();
        }
    }
}
