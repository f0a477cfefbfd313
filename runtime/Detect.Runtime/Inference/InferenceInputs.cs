using Detect.Data;
using Detect.Datasets;
using Detect.Structures;
using Detect.Transforms;
using Detect.Visualization;

namespace Detect.Inference;

/// <summary>What inference reads: image paths from files and folders, and one-image batches made from them.</summary>
public static class InferenceInputs
{
    /// <summary>
    /// The images named by <paramref name="inputs"/>: files as given, folders expanded to their image files
    /// (<see cref="ImageFiles.Extensions"/>, sorted by name), and globs — <c>*</c> and <c>?</c> in the last path
    /// segment, e.g. <c>data/val/*.jpg</c>, as a shell would expand them — to the files they match, sorted; in order.
    /// </summary>
    /// <exception cref="FileNotFoundException">An input is neither a file nor a folder, or a glob matches nothing.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var images = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input)) images.Add(input);
            else if (Directory.Exists(input))
                images.AddRange(Directory.EnumerateFiles(input)
                    .Where(f => ImageFiles.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            else if (Path.GetFileName(input).IndexOfAny(['*', '?']) >= 0 && Path.GetDirectoryName(input) is var dir
                     && Directory.Exists(string.IsNullOrEmpty(dir) ? "." : dir)
                     && Directory.GetFiles(string.IsNullOrEmpty(dir) ? "." : dir, Path.GetFileName(input)) is { Length: > 0 } matches)
                images.AddRange(matches.Select(m => string.IsNullOrEmpty(dir) ? Path.GetFileName(m) : m).Order(StringComparer.Ordinal));
            else throw new FileNotFoundException($"{input}: no such image file or folder, and no file matches it.", input);
        }
        return images;
    }

    /// <summary>
    /// A batch of one image as the test pipeline without a resize gives it (<c>LoadImageFromFile</c> + <c>PackDetInputs</c>):
    /// the decoded BGR image, shapes all the image's own, scale factor 1.
    /// </summary>
    public static DetBatch SingleImage(string path, long imgId = 0)
    {
        var image = ImageFiles.ReadBgr(path);
        var shape = ((int)image.shape[1], (int)image.shape[2]);
        return new DetBatch([image], [new DetDataSample(new ImageMeta(imgId, path, shape, shape, shape, (1.0, 1.0)))]);
    }

    /// <summary>
    /// A batch of one image made by <paramref name="pipeline"/> (an experiment's test pipeline: load, resize, pack) from a
    /// record without annotations.
    /// </summary>
    /// <exception cref="BadSampleException">The image cannot be read.</exception>
    /// <exception cref="InvalidDataException">The pipeline dropped the image.</exception>
    public static DetBatch ThroughPipeline(string path, long imgId, Pipeline<DataInfo, PackedDetInputs> pipeline)
    {
        var packed = pipeline.Apply(new DataInfo(imgId, path, 0, 0, []), TransformContext.FromSeed(unchecked((int)imgId)))
            ?? throw new InvalidDataException($"{path}: the test pipeline dropped the image.");
        return Collate.Detection([packed]);
    }
}
