using Detect.Datasets;
using Detect.Masks;

namespace Detect.Evaluation;

/// <summary>
/// The ground truth or the detections of an evaluation: the objects, and for mask evaluation the
/// segmentation of each (rasterized to an RLE only for objects that are evaluated).
/// </summary>
internal sealed class EvalSide
{
    private readonly Segmentation?[]? _segmentations;
    private readonly Func<long, (int Height, int Width)> _imageSize;
    private Rle[]? _masks;

    public EvalSide(EvalObject[] objects, Segmentation?[]? segmentations, Func<long, (int Height, int Width)> imageSize, string source)
    {
        Objects = objects;
        _segmentations = segmentations;
        _imageSize = imageSize;
        Source = source;
    }

    /// <summary>All objects, in file order.</summary>
    public EvalObject[] Objects { get; }

    /// <summary>The file they came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Masks by object index (after <see cref="PrepareMasks"/>).</summary>
    public Rle[] Masks => _masks ?? throw new InvalidOperationException("Masks were not prepared.");

    /// <summary>
    /// Rasterizes the masks of the given objects as pycocotools' <c>annToRLE</c> (polygons at the
    /// image size, merged); an object without segmentation is an error for mask evaluation.
    /// </summary>
    public void PrepareMasks(IReadOnlyList<int> indices, Func<int, string> name, ParallelOptions parallel)
    {
        foreach (int i in indices)
            if (_segmentations?[i] is null)
                throw new CocoFormatException(Source, name(i), "no 'segmentation', which mask (segm) evaluation needs");
        _masks ??= new Rle[Objects.Length];
        var masks = _masks;
        Parallel.For(0, indices.Count, parallel, j =>
        {
            int i = indices[j];
            var (h, w) = _imageSize(Objects[i].ImageId);
            masks[i] = MaskApi.FromSegmentation(_segmentations![i]!, h, w);
        });
    }
}
