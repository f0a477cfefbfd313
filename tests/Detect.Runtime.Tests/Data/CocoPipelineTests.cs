using Detect.Data;
using Detect.Datasets;
using Detect.Transforms;
using SkiaSharp;

namespace Detect.Runtime.Tests.Data;

/// <summary>CocoDataset's records through the pipeline and the loader: the contract between the two works.</summary>
public sealed class CocoPipelineTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("detect-coco-pipeline-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    void WritePng(string name, int w, int h)
    {
        using var bitmap = new SKBitmap(w, h);
        bitmap.Erase(new SKColor(10, 200, 30));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(Path.Combine(root, name), data.ToArray());
    }

    [Fact]
    public void CocoRecordsLoadWithMasksAndCrowdsAsIgnoredInstances()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        WritePng("a.png", 40, 30);
        WritePng("b.png", 20, 50);
        // A crowd square at x 20–30, y 10–20 as column-major runs over columns of 30 pixels.
        string crowdRuns = string.Join(", ", new[] { 610 }.Concat(Enumerable.Range(0, 19).Select(i => i % 2 == 0 ? 10 : 20)).Append(310));
        File.WriteAllText(Path.Combine(root, "ann.json"), $$$"""
            {"images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 30},
                        {"id": 2, "file_name": "b.png", "width": 20, "height": 50}],
             "categories": [{"id": 4, "name": "square"}, {"id": 9, "name": "circle"}],
             "annotations": [
               {"id": 11, "image_id": 1, "category_id": 9, "bbox": [2, 2, 6, 4], "area": 24, "iscrowd": 0,
                "segmentation": [[2, 2, 8, 2, 8, 6, 2, 6]]},
               {"id": 12, "image_id": 1, "category_id": 4, "bbox": [20, 10, 10, 10], "area": 100, "iscrowd": 1,
                "segmentation": {"size": [30, 40], "counts": [{{{crowdRuns}}}]}},
               {"id": 13, "image_id": 2, "category_id": 4, "bbox": [1, 1, 10, 20], "area": 200, "iscrowd": 0,
                "segmentation": [[1, 1, 11, 1, 11, 21, 1, 21]]}]}
            """);
        var dataset = new CocoDataset("ann.json", dataRoot: root);
        var pipeline = Pipeline.Start<DataInfo>().Then(new LoadImageFromFile()).Then(new LoadAnnotations(withMask: true))
            .Then(new Resize((80, 60), keepRatio: true)).Then(new PackDetInputs());
        var loader = DataLoader.ForDetection(new PipelineDataset<PackedDetInputs>(dataset, pipeline),
            new BatchSampler(new DefaultSampler(dataset.Count, shuffle: false), batchSize: 2), numWorkers: 2, testMode: true);

        using var batch = loader.Epoch(0).Single();

        var first = batch.Samples[0];
        Assert.Equal([3L, 60, 80], batch.Inputs[0].shape);
        Assert.Equal([4f, 4, 16, 12], first.GtInstances!.Bboxes.data<float>().ToArray());
        Assert.Equal([1L], first.GtInstances.Labels.data<long>().ToArray()); // "circle" is label 1 in file order
        Assert.Equal(96, first.GtInstances.Masks!.sum().item<long>()); // the 6×4 polygon, doubled
        Assert.Equal([40f, 20, 60, 40], first.IgnoredInstances!.Bboxes.data<float>().ToArray());
        Assert.Equal(100, first.IgnoredInstances.Masks!.sum().item<long>() / 4); // the crowd's 10×10 RLE at twice the size
        Assert.Equal([3L, 80, 32], batch.Inputs[1].shape); // 20×50 fits (80, 60) at 1.6
        Assert.Equal([1L, 80, 32], batch.Samples[1].GtInstances!.Masks!.shape);
    }
}
