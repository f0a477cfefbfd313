using System.Collections;
using Detect.Data;
using Detect.Transforms;

namespace Detect.Datasets;

/// <summary>
/// A Pascal VOC-format dataset (MMDetection's <c>VOCDataset</c> / <c>XMLDataset</c>): <c>ann_file</c> lists image ids,
/// one per line; each id has <c>&lt;sub_data_root&gt;/Annotations/&lt;id&gt;.xml</c> and
/// <c>&lt;sub_data_root&gt;/JPEGImages/&lt;id&gt;.jpg</c>. Records are read from the XML directly
/// (<see cref="VocAnnotationXml"/>); image ids are the ids' line numbers.
/// </summary>
/// <example>
/// <code>
/// var voc = new VocDataset("VOC2007/ImageSets/Main/trainval.txt", dataRoot: "data/VOCdevkit/", dataPrefix: "VOC2007/");
/// </code>
/// </example>
public sealed class VocDataset : IReadOnlyList<DataInfo>, IDetectionDataset
{
    /// <summary>The 20 Pascal VOC classes, in MMDetection's order.</summary>
    public static readonly IReadOnlyList<string> VocClasses =
    [
        "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow", "diningtable", "dog", "horse",
        "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
    ];

    readonly RecordPipeline pipeline;

    /// <summary>Reads the id list and every annotation file.</summary>
    /// <param name="annFile"><c>ann_file</c>: the id list, relative to <paramref name="dataRoot"/>.</param>
    /// <param name="dataRoot"><c>data_root</c>.</param>
    /// <param name="dataPrefix"><c>data_prefix.sub_data_root</c>: the folder holding Annotations/ and JPEGImages/, under the root.</param>
    /// <param name="classes"><c>metainfo.classes</c>; null: the 20 VOC classes.</param>
    /// <param name="filterEmptyGt"><c>filter_cfg.filter_empty_gt</c>: drop images without an object of a selected class (not in test mode).</param>
    /// <param name="minSize"><c>filter_cfg.min_size</c>: drop images whose shorter side is below this (not in test mode).</param>
    /// <param name="testMode"><c>test_mode</c>: keep every image.</param>
    /// <param name="pipeline"><c>pipeline</c>: the transforms the loader applies; none for a dataset only read.</param>
    public VocDataset(string annFile, string dataRoot = "", string dataPrefix = "", IReadOnlyList<string>? classes = null,
        bool filterEmptyGt = false, int minSize = 0, bool testMode = false, IReadOnlyList<ITransform>? pipeline = null)
    {
        IdFile = Path.Combine(dataRoot, annFile);
        if (!File.Exists(IdFile)) throw new FileNotFoundException($"VOC id list {IdFile} does not exist.", IdFile);
        string folder = Path.Combine(dataRoot, dataPrefix);
        Metainfo = new DatasetMetainfo(classes is { Count: > 0 } ? classes : VocClasses);
        var ids = File.ReadLines(IdFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var all = ids.Select((id, i) => VocAnnotationXml.Parse(Path.Combine(folder, "Annotations", id + ".xml"), i,
            Path.Combine(folder, "JPEGImages", id + ".jpg"), Metainfo.Classes));
        DataList = testMode ? [.. all] : [.. all.Where(d => !(filterEmptyGt && d.Instances.Count == 0) && Math.Min(d.Width, d.Height) >= minSize)];
        this.pipeline = new RecordPipeline(pipeline ?? [], $"VOCDataset({IdFile}).pipeline");
    }

    /// <summary>The id list that was read.</summary>
    public string IdFile { get; }

    /// <inheritdoc />
    public DatasetMetainfo Metainfo { get; }

    /// <summary>The records, in id-list order.</summary>
    public IReadOnlyList<DataInfo> DataList { get; }

    /// <inheritdoc />
    public IReadOnlyList<DataInfo> DataInfos => DataList;

    /// <inheritdoc />
    public IReadOnlyList<ITransform> Transforms => pipeline.Transforms;

    /// <inheritdoc />
    public string? AnnFile => null;

    /// <inheritdoc />
    public PackedDetInputs? Get(int index, Random rng) => pipeline.Apply(DataList[index], rng);

    /// <inheritdoc />
    public void CheckPipeline() => _ = pipeline.Packed;

    /// <inheritdoc />
    public int Count => DataList.Count;

    /// <inheritdoc />
    public DataInfo this[int index] => DataList[index];

    /// <inheritdoc />
    public IEnumerator<DataInfo> GetEnumerator() => DataList.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
