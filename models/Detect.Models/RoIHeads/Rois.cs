using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>MMDetection's <c>bbox2roi</c>: boxes of several images as one K×5 RoI tensor (image index, x1, y1, x2, y2).</summary>
public static class Rois
{
    /// <summary>The RoIs of every image's boxes, image by image.</summary>
    public static Tensor FromBoxes(IReadOnlyList<Tensor> boxesPerImage)
    {
        using var scope = NewDisposeScope();
        var parts = boxesPerImage.Select((boxes, i) =>
        {
            using var imageIndex = ((float)i).ToScalar();
            return cat([full(boxes.shape[0], 1, imageIndex, dtype: boxes.dtype, device: boxes.device), boxes[.., ..4]], 1);
        }).ToArray();
        return cat(parts).MoveToOuterDisposeScope();
    }
}
