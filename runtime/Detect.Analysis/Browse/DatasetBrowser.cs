using Detect.Data;
using Detect.Datasets;
using Detect.Transforms;
using Detect.Visualization;
using static TorchSharp.torch;

namespace Detect.Analysis.Browse;

/// <summary>
/// MMDetection's <c>browse_dataset.py</c>: every image of a dataset run through a pipeline (the training one, so what
/// augmentation produced), its ground-truth boxes, class names and masks drawn, written as
/// <c>&lt;output dir&gt;/&lt;image stem&gt;.jpg</c>. Each image draws its random choices from a generator seeded with
/// <c>seed + index</c>, so a run is repeatable.
/// </summary>
public static class DatasetBrowser
{
    /// <summary>What a browse wrote and what the pipeline dropped.</summary>
    /// <param name="Files">The pictures, in dataset order.</param>
    /// <param name="Dropped">Images the pipeline returned nothing for (a transform filtered them out).</param>
    public sealed record Outcome(IReadOnlyList<string> Files, IReadOnlyList<string> Dropped);

    /// <summary>Writes the pictures.</summary>
    /// <param name="dataset">The images and their annotations.</param>
    /// <param name="pipeline">The pipeline to show (ends with PackDetInputs).</param>
    /// <param name="outputDir">Where the JPEGs go.</param>
    /// <param name="seed">Base seed of the random transforms.</param>
    /// <param name="progress">Called with each file written.</param>
    public static Outcome Write(CocoDataset dataset, Pipeline<DataInfo, PackedDetInputs> pipeline, string outputDir, int seed = 0, Action<string>? progress = null)
    {
        var source = new PipelineDataset<PackedDetInputs>(dataset.DataList, pipeline);
        var files = new List<string>();
        var dropped = new List<string>();
        for (int i = 0; i < dataset.Count; i++)
        {
            using var scope = NewDisposeScope();
            using var sample = source.Get(i, new Random(seed + i));
            if (sample is null)
            {
                dropped.Add(dataset[i].ImgPath);
                continue;
            }
            string path = Path.Combine(outputDir, Path.GetFileNameWithoutExtension(dataset[i].ImgPath) + ".jpg");
            using var bitmap = ImageFiles.ToBitmap(sample.Inputs);
            if (sample.DataSample.GtInstances is { } gt) DetVisualizer.Draw(bitmap, gt, dataset.Metainfo.Classes, palette: dataset.Metainfo.Palette);
            ImageFiles.SaveJpeg(bitmap, path);
            files.Add(path);
            progress?.Invoke(path);
        }
        return new Outcome(files, dropped);
    }
}
