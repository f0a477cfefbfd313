using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Coders;

/// <summary>
/// Turns target boxes into regression targets relative to priors and back, as MMDetection's bbox coders.
/// </summary>
/// <remarks>
/// Boxes are xyxy (…×4); priors are boxes, or points (…×2) for point coders. <c>Decode</c> accepts
/// class-specific predictions (…×4k, k boxes per prior) where the coder supports them, and clips
/// decoded boxes to <c>maxShape</c> (height, width) when given.
/// </remarks>
public interface IBBoxCoder
{
    /// <summary>Values per encoded box (4 for all built-in coders).</summary>
    int EncodeSize { get; }

    /// <summary>Regression targets that move <paramref name="bboxes"/> (priors) onto <paramref name="gtBboxes"/>, row by row.</summary>
    Tensor Encode(Tensor bboxes, Tensor gtBboxes);

    /// <summary>Boxes obtained by applying <paramref name="predBboxes"/> to the priors <paramref name="bboxes"/>.</summary>
    Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape = null);
}
