using Detect.Checkpoints;
using static TorchSharp.torch;

namespace Detect.Models.Converters;

/// <summary>
/// Rearranges the class channels of classifier weights when converting between zoos: moving the background
/// class from first (torchvision, MMDetection V1) to last (MMDetection V2+), or dropping it where Detect has no
/// background output (box regression, masks, sigmoid classifiers).
/// </summary>
/// <remarks>
/// A layer's outputs (dimension 0 of its weight and bias) are seen as <c>groups × classes × per</c>: e.g. a
/// RetinaNet classifier has one group per anchor and <c>per</c> = 1; a box regressor one group and <c>per</c> = 4.
/// </remarks>
public static class ClassChannels
{
    /// <summary>Class 0 (background) moved after the last class, in every group.</summary>
    public static StoredTensor BackgroundLast(StoredTensor t, int classes, int per = 1) =>
        Rearrange(t, classes, per, v => cat([v[.., 1..], v[.., ..1]], 1));

    /// <summary>Class 0 (background) removed from every group.</summary>
    public static StoredTensor DropBackground(StoredTensor t, int classes, int per = 1) =>
        Rearrange(t, classes, per, v => v[.., 1..]);

    static StoredTensor Rearrange(StoredTensor t, int classes, int per, Func<Tensor, Tensor> change)
    {
        long outputs = t.Shape[0];
        if (outputs % (classes * per) != 0)
            throw new ArgumentException($"a layer with {outputs} outputs cannot hold {classes} classes × {per}: is the number of classes right?");
        using var scope = NewDisposeScope();
        var value = t.ToTensor();
        long[] rest = value.shape[1..];
        var grouped = value.reshape([outputs / (classes * per), classes, .. (long[])[per, .. rest]]);
        var changed = change(grouped);
        return StoredTensor.FromTensor(changed.reshape([-1, .. rest]).contiguous(), t.Storage.Location);
    }
}
