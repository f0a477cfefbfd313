using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using Detect.Testing;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>MlvlPointGenerator against test_standard_points_generator / test_sparse_prior of MMDetection's test_anchor_generator.py.</summary>
public class MlvlPointGeneratorTests
{
    public MlvlPointGeneratorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void PointsStridesAndOffsets()
    {
        using var scope = NewDisposeScope();
        var points = new MlvlPointGenerator(strides: [4, 10], offset: 0);
        var halfStride = new MlvlPointGenerator(strides: [4, 10], offset: 0.5);
        Assert.Equal(2, points.NumLevels);
        Assert.Equal([1, 1], points.NumBasePriors);
        Assert.Throws<ArgumentException>(() => points.GridPriors([(2, 2)]));

        var priors = points.GridPriors([(2, 2), (4, 8)]);
        var withStride = points.GridPriors([(2, 2), (4, 8)], ScalarType.Float32, null, withStride: true);
        Assert.Equal(4, withStride[0].shape[1]);
        Assert.Equal(new[] { 4f, 4f }, withStride[0][0, 2..].data<float>().ToArray());
        Assert.Equal(new[] { 10f, 10f }, withStride[1][0, 2..].data<float>().ToArray());
        Assert.Equal(4f, (priors[0][1] - priors[0][0]).sum().item<float>());
        Assert.Equal(new long[] { 4, 2 }, priors[0].shape);
        Assert.Equal(10f, (priors[1][1] - priors[1][0]).sum().item<float>());
        Assert.Equal(new long[] { 32, 2 }, priors[1].shape);

        var shifted = halfStride.GridPriors([(2, 2), (4, 8)]);
        Assert.Equal(4 * 0.5f * 2, (shifted[0][0] - priors[0][0]).sum().item<float>());
        Assert.Equal(10 * 0.5f * 2, (shifted[1][0] - priors[1][0]).sum().item<float>());
        // Row-major: x runs fastest.
        AnchorGeneratorTestsRows(priors[0], [0, 0], [4, 0], [0, 4], [4, 4]);
    }

    [Fact]
    public void SparsePriorsEqualTheGridPriorsAtTheirIndices()
    {
        using var scope = NewDisposeScope();
        var points = new MlvlPointGenerator(strides: [4, 10], offset: 0);
        var indices = tensor(new long[] { 0, 2, 4, 5, 6, 9 });
        (int, int)[] sizes = [(3, 5), (6, 4)];
        var grid = points.GridPriors(sizes);
        for (int level = 0; level < 2; level++)
            Assert.Equal(0.0, GoldenFixture.MaxAbsError(points.SparsePriors(indices, sizes[level], level), grid[level].index_select(0, indices)));
    }

    [Fact]
    public void ValidFlagsOfAPaddedImage()
    {
        using var scope = NewDisposeScope();
        var points = new MlvlPointGenerator(strides: [8]);
        var flags = points.ValidFlags([(4, 5)], (17, 40))[0];
        Assert.Equal(20, flags.shape[0]);
        Assert.Equal(15, flags.sum().item<long>());   // ceil(17/8) = 3 rows × 5 columns
    }

    static void AnchorGeneratorTestsRows(Tensor actual, params double[][] rows)
    {
        var expected = tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, 2);
        Assert.Equal(0.0, GoldenFixture.MaxAbsError(actual, expected));
    }
}
