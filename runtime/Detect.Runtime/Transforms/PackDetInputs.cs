using Detect.Structures;
using Detect.Transforms.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Transforms;

/// <summary>
/// The last step of a pipeline (MMDetection's <c>PackDetInputs</c>): the image becomes a C×H×W uint8
/// tensor (BGR, unnormalized); instances without the ignore flag go to <c>GtInstances</c>, the others
/// to <c>IgnoredInstances</c> (boxes float32 N×4, labels int64, masks bool N×H×W); meta information
/// goes to the data sample's <see cref="ImageMeta"/>.
/// </summary>
/// <remarks>
/// <see cref="ImageMeta"/> is a typed record, so every field is always filled; <c>metaKeys</c> is
/// accepted for config compatibility; the keys MMDetection knows are the <see cref="MetaKey"/> enum.
/// </remarks>
public sealed class PackDetInputs : Transform<PipelineSample, PackedDetInputs>
{
    /// <summary>MMDetection's default meta keys.</summary>
    public static readonly IReadOnlyList<MetaKey> DefaultMetaKeys =
        [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor, MetaKey.Flip, MetaKey.FlipDirection];

    /// <summary>Creates the transform.</summary>
    /// <param name="metaKeys">Meta keys to carry; null: <see cref="DefaultMetaKeys"/>.</param>
    public PackDetInputs(IReadOnlyList<MetaKey>? metaKeys = null) => MetaKeys = metaKeys is null ? DefaultMetaKeys : [.. metaKeys];

    /// <summary>The meta keys.</summary>
    public IReadOnlyList<MetaKey> MetaKeys { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters => [("metaKeys", MetaKeys)];

    /// <inheritdoc />
    public override PackedDetInputs Apply(PipelineSample input, TransformContext context)
    {
        var meta = new ImageMeta(input.Info.ImgId, input.Info.ImgPath, input.OriShape, input.ImgShape,
            input.PadShape ?? input.ImgShape, input.ScaleFactor, input.Flip, input.FlipDirection);
        var inputs = ToChwTensor(input.Img);
        InstanceData? gt = null, ignored = null;
        if (input.Gt is { } annotations)
        {
            var valid = new List<int>(annotations.Count);
            var ignore = new List<int>();
            for (int i = 0; i < annotations.Count; i++) (annotations.IgnoreFlags[i] ? ignore : valid).Add(i);
            gt = ToInstances(annotations.Select(valid));
            ignored = ToInstances(annotations.Select(ignore));
        }
        return new PackedDetInputs(inputs, new DetDataSample(meta, gt, ignored));
    }

    /// <summary>HWC bytes → a new C×H×W uint8 tensor (one pass, written straight into the tensor).</summary>
    public static Tensor ToChwTensor(ImageBuffer image)
    {
        var tensor = empty([image.Channels, image.Height, image.Width], ScalarType.Byte);
        PixelConversion.HwcToChw(image.Pixels, image.Channels, tensor.bytes);
        return tensor;
    }

    static InstanceData ToInstances(GtAnnotations annotations)
    {
        int n = annotations.Count;
        var boxes = tensor(annotations.Bboxes, [n, 4], ScalarType.Float32);
        var labels = tensor(annotations.Labels, [n], ScalarType.Int64);
        Tensor? masks = null;
        if (annotations.Masks is { } m)
        {
            masks = empty([n, m.Height, m.Width], ScalarType.Bool);
            m.Pixels.CopyTo(masks.bytes); // bool tensors hold one byte per element, 0 or 1
        }
        return new InstanceData(boxes, labels, masks: masks);
    }
}
