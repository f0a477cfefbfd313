using Detect.Data;
using Detect.Datasets;
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// Bad files in the training set — a corrupt JPEG, a missing image, a malformed annotation — stop
/// training with an error that names the file (and annotation), or with the skip option are counted
/// and reported in the log; never a crash inside TorchSharp.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class BadDataTests(TinyData data)
{
    // A copy of the tiny training split that a test may damage.
    ShapesSplit Copy()
    {
        string root = data.NewWorkDir() + "-data";
        var images = Path.Combine(root, "train");
        Directory.CreateDirectory(images);
        foreach (var f in Directory.GetFiles(data.Train.ImageDir)) File.Copy(f, Path.Combine(images, Path.GetFileName(f)));
        var ann = Path.Combine(root, "instances_train.json");
        File.Copy(data.Train.AnnFile, ann);
        return data.Train with { Root = root, ImageDir = images, AnnFile = ann };
    }

    Runner NewRunner(ShapesSplit split, BadSamplePolicy policy) => new(
        TinySetup.Options(data.NewWorkDir(), split, epochs: 1) with { TrainDataloader = TinySetup.TrainLoader(split, badSamples: policy) });

    public static TheoryData<string> Damages => ["corrupt jpeg", "missing image", "truncated jpeg"];

    void Damage(ShapesSplit split, string damage)
    {
        string victim = Path.Combine(split.ImageDir, "000003.jpg");
        switch (damage)
        {
            case "corrupt jpeg": File.WriteAllBytes(victim, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8]); break;
            case "missing image": File.Delete(victim); break;
            case "truncated jpeg": File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..200]); break;
        }
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_bad_image_stops_training_naming_the_file(string damage)
    {
        var split = Copy();
        Damage(split, damage);
        using var runner = NewRunner(split, BadSamplePolicy.Raise);
        var ex = Assert.Throws<BadSampleException>(() => runner.Train());
        Assert.Contains(Path.Combine(split.ImageDir, "000003.jpg"), ex.Message);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void With_skip_a_bad_image_is_counted_and_reported(string damage)
    {
        var split = Copy();
        Damage(split, damage);
        using var runner = NewRunner(split, BadSamplePolicy.Skip);
        runner.Train();
        Assert.Equal(4, runner.Iter);
        Assert.Equal(1L, runner.MessageHub.GetInfo("training/skipped_samples"));
        string log = File.ReadAllText(runner.Log.FilePath!);
        Assert.Contains($"Skipped a bad training sample: {Path.Combine(split.ImageDir, "000003.jpg")}", log);
        Assert.Contains("1 bad training sample(s) skipped so far.", log);
    }

    [Fact]
    public void A_malformed_annotation_record_names_the_file_and_record_or_is_skipped_and_counted()
    {
        var split = Copy();
        string json = File.ReadAllText(split.AnnFile);
        // The first annotation's bbox loses a number.
        int at = json.IndexOf("\"bbox\":[", StringComparison.Ordinal) + "\"bbox\":[".Length;
        json = json[..at] + json[(json.IndexOf(',', at) + 1)..];
        File.WriteAllText(split.AnnFile, json);
        var ex = Assert.Throws<CocoFormatException>(() => new CocoDataset(split.AnnFile, "", split.ImageDir, classes: ShapesDataset.Classes));
        Assert.Contains(split.AnnFile, ex.Message);
        Assert.Contains("bbox", ex.Message);
        var skipping = new CocoDataset(split.AnnFile, "", split.ImageDir, classes: ShapesDataset.Classes, skipInvalid: true);
        Assert.Contains("bbox", Assert.Single(skipping.Report.SkippedRecords).ToString());
    }

    [Fact]
    public void An_annotation_the_pipeline_cannot_use_names_the_image_and_annotation_or_is_skipped()
    {
        var split = Copy();
        var dataset = new CocoDataset(split.AnnFile, "", split.ImageDir, classes: ShapesDataset.Classes);
        // A box with x2 < x1 (as a buggy converter would write) in image 2.
        var infos = dataset.DataList.Select((d, i) => i != 2 ? d : d with
        {
            Instances = [d.Instances[0] with { Bbox = [20, 5, 10, 9] }],
        }).ToList();
        DataLoader<PackedDetInputs, Detect.Structures.DetBatch> Loader(BadSamplePolicy policy) => DataLoader.ForDetection(
            new PipelineDataset<PackedDetInputs>(infos, TinySetup.TrainPipeline()),
            new BatchSampler(new DefaultSampler(infos.Count, shuffle: true), 4, dropLast: false), numWorkers: 1, badSamples: policy);
        using (var raising = new Runner(TinySetup.Options(data.NewWorkDir(), split, epochs: 1) with { TrainDataloader = Loader(BadSamplePolicy.Raise) }))
        {
            var ex = Assert.Throws<BadSampleException>(() => raising.Train());
            Assert.Contains(infos[2].ImgPath, ex.Message);
            Assert.Contains($"annotation {infos[2].Instances[0].AnnotationId}", ex.Message);
        }
        using var skipping = new Runner(TinySetup.Options(data.NewWorkDir(), split, epochs: 1) with { TrainDataloader = Loader(BadSamplePolicy.Skip) });
        skipping.Train();
        Assert.Equal(1L, skipping.MessageHub.GetInfo("training/skipped_samples"));
    }
}
