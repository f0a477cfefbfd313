using Detect.Models.TaskModules.Coders;
using Detect.Platform;
using Detect.Testing;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// Box coders against MMDetection's values: tests/test_models/test_task_modules/test_coder/test_delta_xywh_bbox_coder.py,
/// tests/test_utils/test_coder.py (test_distance_point_bbox_coder, MMDetection 2.x) and the docstring example
/// of legacy_delta2bbox in mmdet/models/task_modules/coders/legacy_delta_xywh_bbox_coder.py.
/// </summary>
public class CoderTests
{
    public CoderTests() => TorchRuntime.EnsureInitialized();

    static Tensor Rows(params float[][] rows) => tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, -1);

    static readonly float[][] Rois = [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], [5, 5, 5, 5]];
    static readonly float[][] Deltas = [[0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 2, -1], [0.7f, -1.9f, -0.5f, 0.3f]];

    /// <summary>MMDetection compares with allclose(atol=1e-4) against four-decimal values.</summary>
    static void AssertClose(Tensor actual, Tensor expected) => Assert.InRange(GoldenFixture.MaxAbsError(actual, expected), 0, 1e-4);

    [Fact]
    public void DeltaXYWHDecodeMatchesMmdetection()
    {
        using var scope = NewDisposeScope();
        var coder = new DeltaXYWHBBoxCoder();
        var expected = Rows([0, 0, 1, 1], [0.1409f, 0.1409f, 2.8591f, 2.8591f], [0, 0.3161f, 4.1945f, 0.6839f], [5, 5, 5, 5]);
        var decoded = coder.Decode(Rows(Rois), Rows(Deltas), maxShape: (32, 32));
        AssertClose(decoded, expected);

        // Batched (B×N×4) decoding gives the same boxes.
        var batched = coder.Decode(Rows(Rois).unsqueeze(0).repeat(2, 1, 1), Rows(Deltas).unsqueeze(0).repeat(2, 1, 1), (32, 32));
        Assert.Equal(0.0, GoldenFixture.MaxAbsError(batched[1], decoded));

        // No boxes.
        Assert.Equal(new long[] { 0, 4 }, coder.Decode(zeros(0, 4), zeros(0, 4), (32, 32)).shape);
    }

    [Fact]
    public void DeltaXYWHCentreClampOfYolof()
    {
        using var scope = NewDisposeScope();
        var coder = new DeltaXYWHBBoxCoder(addCtrClamp: true, ctrClamp: 2);
        var rois = Rows([0, 0, 6, 6], [0, 0, 1, 1], [0, 0, 1, 1], [5, 5, 5, 5]);
        var deltas = Rows([1, 1, 2, 2], [1, 1, 1, 1], [0, 0, 2, -1], [0.7f, -1.9f, -0.5f, 0.3f]);
        var expected = Rows([0, 0, 27.1672f, 27.1672f], [0.1409f, 0.1409f, 2.8591f, 2.8591f], [0, 0.3161f, 4.1945f, 0.6839f], [5, 5, 5, 5]);
        AssertClose(coder.Decode(rois, deltas, (32, 32)), expected);
    }

    [Fact]
    public void DeltaXYWHEncodeByHandAndRoundTrip()
    {
        using var scope = NewDisposeScope();
        // Prior [0,0,10,10] (centre 5,5, size 10×10) to target [1,1,11,21] (centre 6,11, size 10×20):
        // dx = 1/10, dy = 6/10, dw = ln 1 = 0, dh = ln 2; with stds 0.1, 0.1, 0.2, 0.2 they become ×10, ×10, ×5, ×5.
        var coder = new DeltaXYWHBBoxCoder(targetStds: [0.1, 0.1, 0.2, 0.2]);
        var priors = tensor(new double[] { 0, 0, 10, 10 }).reshape(1, 4);
        var targets = tensor(new double[] { 1, 1, 11, 21 }).reshape(1, 4);
        var deltas = coder.Encode(priors, targets);
        Assert.Equal(0.0, GoldenFixture.MaxAbsError(deltas, tensor(new[] { 1.0, 6.0, 0.0, 5 * Math.Log(2) }).reshape(1, 4)), 12);
        Assert.InRange(GoldenFixture.MaxAbsError(coder.Decode(priors, deltas), targets), 0, 1e-12);
        // Class-specific deltas (N×4k) decode per class.
        var perClass = coder.Decode(priors, cat([deltas, zeros(1, 4, dtype: ScalarType.Float64)], 1));
        Assert.Equal(new long[] { 1, 8 }, perClass.shape);
        Assert.InRange(GoldenFixture.MaxAbsError(perClass[.., 4..], priors), 0, 1e-12);
    }

    [Fact]
    public void LegacyDecodeMatchesTheDocstringExample()
    {
        using var scope = NewDisposeScope();
        var coder = new LegacyDeltaXYWHBBoxCoder();
        var expected = Rows([0, 0, 1.5f, 1.5f], [0, 0, 5.2183f, 5.2183f], [0, 0.1321f, 7.8891f, 0.8679f], [5.3967f, 2.4251f, 6.0033f, 3.7749f]);
        AssertClose(coder.Decode(Rows(Rois), Rows(Deltas), (32, 32)), expected);
    }

    [Fact]
    public void LegacyEncodeUsesPlusOneSizes()
    {
        using var scope = NewDisposeScope();
        // Prior [0,0,9,9] is 10×10 in the V1 convention; target [0,0,19,9] is 20×10: dw = ln 2, dx = (9.5 − 4.5)/10.
        var coder = new LegacyDeltaXYWHBBoxCoder();
        var deltas = coder.Encode(tensor(new double[] { 0, 0, 9, 9 }).reshape(1, 4), tensor(new double[] { 0, 0, 19, 9 }).reshape(1, 4));
        Assert.InRange(GoldenFixture.MaxAbsError(deltas, tensor(new[] { 0.5, 0, Math.Log(2), 0 }).reshape(1, 4)), 0, 1e-12);
    }

    [Fact]
    public void DistancePointCoderMatchesMmdetection()
    {
        using var scope = NewDisposeScope();
        var coder = new DistancePointBBoxCoder();
        var points = Rows([74, 61], [-29, 106], [138, 61], [29, 170]);
        var gt = Rows([74, 61, 75, 62], [0, 104, 0, 112], [100, 90, 100, 120], [0, 120, 100, 120]);
        var expectedDistance = Rows([0, 0, 1, 1], [0, 2, 29, 6], [38, 0, 0, 50], [29, 50, 50, 0]);
        AssertClose(coder.Encode(points, gt, maxDis: 50, eps: 0), expectedDistance);

        var distance = Rows([0, 0, 1, 1], [1, 2, 10, 6], [22, -29, 138, 61], [54, -29, 170, 61]);
        AssertClose(coder.Decode(points, distance, maxShape: (120, 100)), gt);
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new DeltaXYWHBBoxCoder().Encode(zeros(3, 4), zeros(2, 4)));
        Assert.Throws<ArgumentException>(() => new DeltaXYWHBBoxCoder().Decode(zeros(3, 4), zeros(3, 5)));
        Assert.Throws<ArgumentException>(() => new DeltaXYWHBBoxCoder(targetStds: [1, 1]));
        Assert.Throws<ArgumentException>(() => new DistancePointBBoxCoder().Encode(zeros(3, 4), zeros(3, 4)));
    }
}
