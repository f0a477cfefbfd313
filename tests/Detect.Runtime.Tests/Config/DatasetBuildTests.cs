using Detect.Config;
using Detect.Datasets;

namespace Detect.Runtime.Tests.Config;

/// <summary>The dataset config builds the COCO dataset with the config's root, prefix and class selection.</summary>
public sealed class DatasetBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("detect-dataset-").FullName;

    public DatasetBuildTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "annotations"));
        File.WriteAllText(Path.Combine(_root, "annotations", "train.json"), """
            {
              "images": [{"id": 1, "file_name": "a.jpg", "height": 40, "width": 60}, {"id": 2, "file_name": "b.jpg", "height": 40, "width": 60}],
              "annotations": [
                {"id": 10, "image_id": 1, "category_id": 5, "bbox": [1, 2, 10, 20], "area": 200, "iscrowd": 0},
                {"id": 11, "image_id": 2, "category_id": 9, "bbox": [3, 4, 5, 6], "area": 30, "iscrowd": 0}
              ],
              "categories": [{"id": 5, "name": "circle"}, {"id": 9, "name": "square"}]
            }
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Classes_root_and_prefix_reach_the_dataset()
    {
        var config = new CocoDatasetConfig { DataRoot = _root, AnnFile = "annotations/train.json", DataPrefix = "images/", Classes = ["square"], FilterEmptyGt = true };
        var dataset = Assert.IsType<CocoDataset>(config.Build());
        Assert.Equal(["square"], dataset.Metainfo.Classes);
        var only = Assert.Single(dataset.DataList);
        Assert.Equal((2L, Path.Combine(_root, "images/", "b.jpg")), (only.ImgId, only.ImgPath));
        Assert.Equal(0, Assert.Single(only.Instances).BboxLabel);
    }

    [Fact]
    public void A_missing_annotation_file_key_is_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => new CocoDatasetConfig { DataRoot = _root }.Build());
        Assert.Equal("CocoDataset.ann_file: the constructor of CocoDataset needs ann_file, but the config does not set it.", error.Message);
    }

    [Fact]
    public void Settings_shared_through_FileDatasetAttribute_keep_each_constructors_defaults()
    {
        // DataRoot and DataPrefix are declared once on the kind; their "" defaults come from CocoDataset's and VocDataset's constructors.
        FileDatasetConfig coco = new CocoDatasetConfig(), voc = new VocDatasetConfig();
        Assert.Equal(("", "", null), (coco.DataRoot, coco.DataPrefix, coco.AnnFile));
        Assert.Equal(("", "", null), (voc.DataRoot, voc.DataPrefix, voc.AnnFile));
    }
}
