namespace Detect.Config;

/// <summary>
/// What the datasets read from annotation files share (MMDetection's <c>BaseDetDataset</c> settings): where the files
/// are, which classes to use, what to filter. The defaults come from each dataset's constructor.
/// </summary>
[ComponentKind]
public abstract class FileDatasetAttribute : DatasetAttribute
{
    /// <summary><c>data_root</c>: prefix of the annotation file and image folder.</summary>
    public string? DataRoot { get; set; }

    /// <summary><c>ann_file</c>, relative to the data root: COCO's JSON file, VOC's id list (e.g. <c>VOC2007/ImageSets/Main/trainval.txt</c>).</summary>
    public string? AnnFile { get; set; }

    /// <summary>The image folder relative to the data root: COCO's <c>data_prefix.img</c>, VOC's <c>data_prefix.sub_data_root</c> (e.g. <c>VOC2007/</c>).</summary>
    public string? DataPrefix { get; set; }

    /// <summary><c>metainfo.classes</c>: the categories to use, in label order; empty means all the dataset's classes.</summary>
    public string[] Classes { get; set; } = [];

    /// <summary><c>filter_cfg.filter_empty_gt</c>: drop training images without annotations.</summary>
    public bool FilterEmptyGt { get; set; }

    /// <summary><c>filter_cfg.min_size</c>: drop training images smaller than this.</summary>
    [InRange(0, int.MaxValue)]
    public int MinSize { get; set; }

    /// <summary><c>test_mode</c>: keep every image, no filtering.</summary>
    public bool TestMode { get; set; }
}
