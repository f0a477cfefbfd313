using System.Collections;
using Detect.Data;
using Detect.Transforms;

namespace Detect.Datasets;

/// <summary>
/// A COCO-format detection / instance-segmentation dataset (MMDetection's <c>CocoDataset</c>): one
/// <see cref="DataInfo"/> per image, instances labelled 0..K−1 by the class selection, crowd regions
/// kept as ignored instances, filtered as MMDetection's <c>filter_cfg</c> says.
/// </summary>
/// <example>
/// <code>
/// var train = new CocoDataset("annotations/instances_train.json", dataRoot: "data/shapes",
///     dataPrefix: "train/", classes: ["circle", "square", "triangle"], filterEmptyGt: true, minSize: 32);
/// DataInfo first = train[0];   // ImgPath, Height, Width, Instances (xyxy boxes, labels, masks)
/// </code>
/// </example>
public sealed class CocoDataset : IReadOnlyList<DataInfo>, IDetectionDataset
{
    /// <summary>Loads and parses the annotation file.</summary>
    /// <param name="annFile">Annotation file; relative paths are taken under <paramref name="dataRoot"/>.</param>
    /// <param name="dataRoot">Dataset root folder (MMDetection's <c>data_root</c>).</param>
    /// <param name="dataPrefix">Image folder under the root (MMDetection's <c>data_prefix=dict(img=...)</c>).</param>
    /// <param name="classes">Categories to use, by name, in label order; null uses all, in file order.</param>
    /// <param name="filterEmptyGt">Drop images without an annotation of a selected class (not in test mode).</param>
    /// <param name="minSize">Drop images whose shorter side is below this (not in test mode).</param>
    /// <param name="testMode">Keep every image (evaluation datasets).</param>
    /// <param name="skipInvalid">Skip malformed records, listing them in <see cref="Report"/>, instead of failing.</param>
    /// <param name="pipeline">MMDetection's <c>pipeline</c>: the transforms the loader applies to each record; none for a dataset only read.</param>
    /// <param name="categoryIdLabels">torchvision's labels: label l is category id l + 1, <paramref name="classes"/> names every id
    /// (<see cref="ClassSelection.ByCategoryId"/>).</param>
    /// <exception cref="CocoFormatException">A malformed file or record.</exception>
    /// <exception cref="ArgumentException">A class selection that does not match the file's categories.</exception>
    public CocoDataset(
        string annFile, string dataRoot = "", string dataPrefix = "", IReadOnlyList<string>? classes = null,
        bool filterEmptyGt = false, int minSize = 0, bool testMode = false, bool skipInvalid = false, IReadOnlyList<ITransform>? pipeline = null,
        bool categoryIdLabels = false)
    {
        AnnFile = Path.Combine(dataRoot, annFile);
        var file = CocoAnnotationFile.Load(AnnFile, new CocoLoadOptions(skipInvalid));
        Selection = categoryIdLabels ? ClassSelection.ByCategoryId(file.Categories, classes, AnnFile) : ClassSelection.Select(file.Categories, classes, AnnFile);
        Metainfo = new DatasetMetainfo(Selection.Classes);
        var parser = new CocoDataInfoParser(Selection, Path.Combine(dataRoot, dataPrefix));
        var all = file.Images.Select(image => parser.Parse(image, file.AnnotationsOf(image.Id), AnnFile)).ToList();
        var (kept, withoutSelected, belowMinSize) = testMode ? (all, 0, 0) : Filter(file, all, filterEmptyGt, minSize);
        DataList = kept;
        this.pipeline = new RecordPipeline(pipeline ?? [], $"CocoDataset({AnnFile}).pipeline");
        Report = parser.Report with
        {
            SkippedRecords = file.SkippedRecords,
            ImagesWithoutSelectedAnnotations = withoutSelected,
            ImagesBelowMinSize = belowMinSize,
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<ITransform> Transforms => pipeline.Transforms;

    /// <inheritdoc />
    public IReadOnlyList<DataInfo> DataInfos => DataList;

    /// <inheritdoc />
    public PackedDetInputs? Get(int index, Random rng) => pipeline.Apply(DataList[index], rng);

    /// <inheritdoc />
    public void CheckPipeline() => _ = pipeline.Packed;

    /// <summary>The annotation file that was read.</summary>
    public string AnnFile { get; }

    /// <summary>Classes in label order (what configs and visualizers use).</summary>
    public DatasetMetainfo Metainfo { get; }

    /// <summary>Label ↔ category id mapping.</summary>
    public ClassSelection Selection { get; }

    /// <summary>The images, after filtering, in file order.</summary>
    public IReadOnlyList<DataInfo> DataList { get; }

    /// <summary>What was left out and why.</summary>
    public CocoDatasetReport Report { get; }

    readonly RecordPipeline pipeline;

    /// <inheritdoc />
    public int Count => DataList.Count;

    /// <inheritdoc />
    public DataInfo this[int index] => DataList[index];

    /// <inheritdoc />
    public IEnumerator<DataInfo> GetEnumerator() => DataList.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// MMDetection's <c>filter_data</c>: with <paramref name="filterEmptyGt"/> an image stays when any
    /// annotation of a selected category points at it (crowd and degenerate ones count, as there);
    /// <paramref name="minSize"/> applies to the shorter side.
    /// </summary>
    private (List<DataInfo> Kept, int WithoutSelected, int BelowMinSize) Filter(
        CocoAnnotationFile file, List<DataInfo> all, bool filterEmptyGt, int minSize)
    {
        var withSelected = file.Annotations.Where(a => Selection.LabelOf(a.CategoryId) is not null).Select(a => a.ImageId).ToHashSet();
        var kept = new List<DataInfo>(all.Count);
        int withoutSelected = 0, belowMinSize = 0;
        foreach (var info in all)
        {
            if (filterEmptyGt && !withSelected.Contains(info.ImgId)) withoutSelected++;
            else if (Math.Min(info.Width, info.Height) < minSize) belowMinSize++;
            else kept.Add(info);
        }
        return (kept, withoutSelected, belowMinSize);
    }
}
