using Detect.Data;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Data;

/// <summary>MMEngine's dataset wrappers: lengths, which inner record each index reads, and ClassBalancedDataset's repeat factors.</summary>
public sealed class DatasetWrapperTests
{
    /// <summary>Records without images: each image's instance labels (ids 0, 1, 2, ...).</summary>
    sealed class Records(params int[][] labels) : IDetectionDataset
    {
        public IReadOnlyList<DataInfo> DataInfos { get; } = [.. labels.Select((l, i) => new DataInfo(i, $"img{i}.jpg", 32, 32,
            [.. l.Select((label, j) => new InstanceInfo([0, 0, 8, 8], label, false, null, j))]))];
        public DatasetMetainfo Metainfo { get; } = new(["a", "b"]);
        public IReadOnlyList<ITransform> Transforms => [];
        public string? AnnFile => "ann.json";
        public PackedDetInputs? Get(int index, Random rng) => throw new NotSupportedException();
        public void CheckPipeline() { }
    }

    [Fact]
    public void RepeatDataset_repeats_the_indices()
    {
        var inner = new Records([0], [1], [0, 1]);
        var repeated = new RepeatDataset(inner, times: 3);
        Assert.Equal(9, repeated.Count);
        Assert.Equal([0L, 1, 2, 0, 1, 2, 0, 1, 2], repeated.DataInfos.Select(d => d.ImgId));
        Assert.Equal((inner, 1), repeated.Source(7));
        Assert.Equal("ann.json", repeated.AnnFile);
        Assert.Throws<ArgumentException>(() => new RepeatDataset(inner, times: 0));
    }

    [Fact]
    public void ClassBalancedDataset_repeats_images_by_MMEngines_repeat_factors()
    {
        // f(a) = 3/4, f(b) = 1/4. With t = 0.5: r(a) = max(1, √(0.5 / 0.75)) = 1, r(b) = √(0.5 / 0.25) = √2 ≈ 1.414;
        // image 2 has both: r = √2, ⌈√2⌉ = 2 copies; image 3 has no instance: r = 1.
        var inner = new Records([0], [0], [0, 1], []);
        Assert.Equal([1.0, 1.0, Math.Sqrt(2), 1.0], ClassBalancedDataset.RepeatFactors(inner, 0.5));
        var balanced = new ClassBalancedDataset(inner, oversampleThr: 0.5);
        Assert.Equal([0L, 1, 2, 2, 3], balanced.DataInfos.Select(d => d.ImgId));

        // With t = 0.9: r(a) = √1.2 ≈ 1.095, r(b) = √3.6 ≈ 1.897: every annotated image twice.
        var factors = ClassBalancedDataset.RepeatFactors(inner, 0.9);
        Assert.Equal(Math.Sqrt(0.9 / 0.75), factors[0], 12);
        Assert.Equal(Math.Sqrt(0.9 / 0.25), factors[2], 12);
        Assert.Equal(7, new ClassBalancedDataset(inner, oversampleThr: 0.9).Count);
    }

    [Fact]
    public void ConcatDataset_chains_the_datasets()
    {
        var first = new Records([0], [1]);
        var second = new Records([1], [0], [0]);
        var both = new ConcatDataset([first, second]);
        Assert.Equal(5, both.Count);
        Assert.Equal((first, 1), both.Source(1));
        Assert.Equal((second, 0), both.Source(2));
        Assert.Equal((second, 2), both.Source(4));
        Assert.Null(both.AnnFile); // two annotation files: a CocoMetric over it names its own
        Assert.Equal(["a", "b"], both.Metainfo.Classes);
    }
}
