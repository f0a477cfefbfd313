using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Testing;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// AnchorGenerator / LegacyAnchorGenerator against MMDetection's own values
/// (mmdet/models/task_modules/prior_generators/anchor_generator.py docstrings and
/// tests/test_models/test_task_modules/test_prior_generators/test_anchor_generator.py) and torchvision's anchors.
/// </summary>
public class AnchorGeneratorTests
{
    public AnchorGeneratorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void DocstringExampleOfAnchorGenerator()
    {
        using var scope = NewDisposeScope();
        // AnchorGenerator([16], [1.], [1.], [9]).grid_priors([(2, 2)])
        var single = new AnchorGenerator(strides: [16], ratios: [1.0], scales: [1.0], baseSizes: [9]);
        AssertRows(single.GridPriors([(2, 2)])[0], [-4.5, -4.5, 4.5, 4.5], [11.5, -4.5, 20.5, 4.5], [-4.5, 11.5, 4.5, 20.5], [11.5, 11.5, 20.5, 20.5]);
        // AnchorGenerator([16, 32], [1.], [1.], [9, 18]).grid_priors([(2, 2), (1, 1)])
        var two = new AnchorGenerator(strides: [16, 32], ratios: [1.0], scales: [1.0], baseSizes: [9, 18]);
        var levels = two.GridPriors([(2, 2), (1, 1)]);
        AssertRows(levels[1], [-9, -9, 9, 9]);
    }

    [Fact]
    public void SquareAndRectangularStrides()
    {
        using var scope = NewDisposeScope();
        // test_strides
        var square = new AnchorGenerator(strides: [10], ratios: [1.0], scales: [1.0], baseSizes: [10]);
        AssertRows(square.GridPriors([(2, 2)])[0], [-5, -5, 5, 5], [5, -5, 15, 5], [-5, 5, 5, 15], [5, 5, 15, 15]);
        var rectangular = new AnchorGenerator(strides: [(10, 20)], ratios: [1.0], scales: [1.0], baseSizes: [10]);
        AssertRows(rectangular.GridPriors([(2, 2)])[0], [-5, -5, 5, 5], [5, -5, 15, 5], [-5, 15, 5, 25], [5, 15, 15, 25]);
    }

    [Fact]
    public void RetinaNetOctaveAnchorsAndValidFlags()
    {
        using var scope = NewDisposeScope();
        // test_retina_anchor: octave_base_scale=4, scales_per_octave=3, ratios [0.5, 1, 2], strides 8..128.
        var generator = new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3);
        Assert.Equal([9, 9, 9, 9, 9], generator.NumBasePriors);
        double[,] level0 =
        {
            { -22.6274, -11.3137, 22.6274, 11.3137 }, { -28.5088, -14.2544, 28.5088, 14.2544 }, { -35.9188, -17.9594, 35.9188, 17.9594 },
            { -16.0000, -16.0000, 16.0000, 16.0000 }, { -20.1587, -20.1587, 20.1587, 20.1587 }, { -25.3984, -25.3984, 25.3984, 25.3984 },
            { -11.3137, -22.6274, 11.3137, 22.6274 }, { -14.2544, -28.5088, 14.2544, 28.5088 }, { -17.9594, -35.9188, 17.9594, 35.9188 },
        };
        double[,] level4 =
        {
            { -362.0387, -181.0193, 362.0387, 181.0193 }, { -456.1401, -228.0701, 456.1401, 228.0701 }, { -574.7006, -287.3503, 574.7006, 287.3503 },
            { -256.0000, -256.0000, 256.0000, 256.0000 }, { -322.5398, -322.5398, 322.5398, 322.5398 }, { -406.3747, -406.3747, 406.3747, 406.3747 },
            { -181.0193, -362.0387, 181.0193, 362.0387 }, { -228.0701, -456.1401, 228.0701, 456.1401 }, { -287.3503, -574.7006, 287.3503, 574.7006 },
        };
        AssertAllClose(generator.BaseAnchors(0), level0);
        AssertAllClose(generator.BaseAnchors(4), level4);

        var flags = generator.ValidFlags([(80, 80), (40, 40), (20, 20), (10, 10), (5, 5)], (640, 640));
        Assert.Equal(new long[] { 57600, 14400, 3600, 900, 225 }, flags.Select(f => f.sum().item<long>()));
    }

    [Fact]
    public void GuidedAnchoringValidFlagsOnAPaddedImage()
    {
        using var scope = NewDisposeScope();
        // test_guided_anchor: approx generator valid flags on 800×1216, square generator base anchors.
        var approx = new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3);
        var flags = approx.ValidFlags([(100, 152), (50, 76), (25, 38), (13, 19), (7, 10)], (800, 1216));
        Assert.Equal(new long[] { 136800, 34200, 8550, 2223, 630 }, flags.Select(f => f.sum().item<long>()));

        var square = new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [1.0], scales: [4]);
        for (int level = 0; level < 5; level++)
        {
            double half = 16 << level;
            AssertRows(square.BaseAnchors(level), [-half, -half, half, half]);
        }
    }

    [Fact]
    public void ValidFlagsMarkThePaddingOfABatch()
    {
        using var scope = NewDisposeScope();
        // A 30×20 image padded into a 4×4 map of stride 8: ceil(30/8) = 4 rows and ceil(20/8) = 3 columns are valid.
        var generator = new AnchorGenerator(strides: [8], ratios: [0.5, 1.0], scales: [4]);
        var flags = generator.ValidFlags([(4, 4)], (30, 20))[0].view(4, 4, 2);
        Assert.True(flags[.., ..3].all().item<bool>());
        Assert.False(flags[.., 3].any().item<bool>());
    }

    [Fact]
    public void AnchorsInsideTheImageWithABorder()
    {
        using var scope = NewDisposeScope();
        // Image 20×30 (h×w): [−1,0,10,10] reaches 1 px left, [25,5,31,15] 1 px right, [0,15,10,20] touches the bottom.
        var anchors = tensor(new float[] { -1, 0, 10, 10, 25, 5, 31, 15, 0, 15, 10, 20, 2, 2, 8, 8 }).reshape(4, 4);
        var valid = tensor(new[] { true, true, true, false });
        Assert.Equal(new[] { false, false, false, false }, AnchorInsideFlags.Compute(anchors, valid, (20, 30)).data<bool>().ToArray());
        Assert.Equal(new[] { true, false, true, false }, AnchorInsideFlags.Compute(anchors, valid, (20, 30), allowedBorder: 1).data<bool>().ToArray());
        Assert.Equal(new[] { true, true, true, false }, AnchorInsideFlags.Compute(anchors, valid, (20, 30), allowedBorder: -1).data<bool>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SparsePriorsEqualTheGridPriorsAtTheirIndices(bool manyBaseAnchors)
    {
        using var scope = NewDisposeScope();
        // test_sparse_prior (CPU part and the configuration of its CUDA part).
        var generator = manyBaseAnchors
            ? new AnchorGenerator(strides: [16, 32], ratios: [1.0, 2.5], scales: [1.0, 5.0], baseSizes: [4, 8])
            : new AnchorGenerator(strides: [16, 32], ratios: [1.0], scales: [1.0], baseSizes: [4, 8]);
        (int, int)[] sizes = manyBaseAnchors ? [(13, 5), (16, 4)] : [(3, 5), (6, 4)];
        var indices = manyBaseAnchors ? tensor(new long[] { 4, 5, 6, 7, 0, 2, 50, 4, 5, 6, 9 }) : tensor(new long[] { 0, 2, 4, 5, 6, 9 });
        var grid = generator.GridPriors(sizes);
        for (int level = 0; level < 2; level++)
            Assert.Equal(0.0, GoldenFixture.MaxAbsError(generator.SparsePriors(indices, sizes[level], level), grid[level].index_select(0, indices)));
    }

    [Fact]
    public void RoundedBaseAnchorsReproduceTorchvision()
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("TaskModules", "torchvision_anchors.json");
        foreach (var c in golden.Root.GetProperty("cases").EnumerateArray())
        {
            var sizes = c.GetProperty("sizes").EnumerateArray().Select(l => l.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var ratios = c.GetProperty("ratios").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var image = c.GetProperty("image_size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var features = c.GetProperty("feature_sizes").EnumerateArray()
                .Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
            // torchvision's stride is image size // feature size; its sizes are base size × scale.
            var strides = features.Select(f => new Stride(image[1] / f.Item2, image[0] / f.Item1)).ToArray();
            var anchors = sizes.Select((levelSizes, level) =>
            {
                var generator = new AnchorGenerator(strides: [strides[level]], ratios: ratios, scales: levelSizes.Select(s => s / strides[level].W).ToArray(),
                                                    baseSizes: [strides[level].W], roundBaseAnchors: true);
                return generator.GridPriors([features[level]])[0];
            });
            Assert.Equal(0.0, GoldenFixture.MaxAbsError(cat(anchors.ToArray(), 0), GoldenFixture.Tensor(c.GetProperty("anchors"))));
        }
    }

    [Fact]
    public void LegacyDocstringExample()
    {
        using var scope = NewDisposeScope();
        // LegacyAnchorGenerator([16], [1.], [1.], [9], center_offset=0.5).grid_anchors(((2, 2),))
        var legacy = new LegacyAnchorGenerator(strides: [16], ratios: [1.0], scales: [1.0], baseSizes: [9], centerOffset: 0.5);
        AssertRows(legacy.GridPriors([(2, 2)])[0], [0, 0, 8, 8], [16, 0, 24, 8], [0, 16, 8, 24], [16, 16, 24, 24]);
    }

    [Fact]
    public void DtypeAndDeviceOfThePriors()
    {
        using var scope = NewDisposeScope();
        var generator = new AnchorGenerator(strides: [8], ratios: [1.0], scales: [2]);
        var priors = generator.GridPriors([(3, 2)], ScalarType.Float64, CPU)[0];
        Assert.Equal(ScalarType.Float64, priors.dtype);
        Assert.Equal(new long[] { 6, 4 }, priors.shape);
        AssertRows(priors.narrow(0, 5, 1), [8 - 8, 16 - 8, 8 + 8, 16 + 8]);
    }

    [Fact]
    public void ConfigurationMistakesAreNamed()
    {
        Assert.Contains("scales", Assert.Throws<ArgumentException>(() => new AnchorGenerator(strides: [8], ratios: [1.0])).Message);
        Assert.Contains("scales", Assert.Throws<ArgumentException>(() =>
            new AnchorGenerator(strides: [8], ratios: [1.0], scales: [1], octaveBaseScale: 4, scalesPerOctave: 3)).Message);
        Assert.Contains("baseSizes", Assert.Throws<ArgumentException>(() => new AnchorGenerator(strides: [8, 16], ratios: [1.0], scales: [1], baseSizes: [8])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchorGenerator(strides: [8], ratios: [1.0], scales: [1], centerOffset: 1.5));
        var generator = new AnchorGenerator(strides: [8, 16], ratios: [1.0], scales: [1]);
        Assert.Contains("featmapSizes", Assert.Throws<ArgumentException>(() => generator.GridPriors([(2, 2)])).Message);
    }

    internal static void AssertRows(Tensor actual, params double[][] rows)
    {
        var expected = tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, 4);
        Assert.Equal(0.0, GoldenFixture.MaxAbsError(actual, expected));
    }

    /// <summary>torch.allclose with its defaults (rtol 1e-5, atol 1e-8), as MMDetection's tests compare four-decimal tables.</summary>
    internal static void AssertAllClose(Tensor actual, double[,] expected)
    {
        var e = tensor(expected);
        Assert.True(actual.to(ScalarType.Float64).allclose(e), $"not close: max error {GoldenFixture.MaxAbsError(actual, e)}");
    }
}
