using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Models.Tests.Detectors;
using Detect.Platform;

namespace Detect.Models.Tests.Converters;

/// <summary>numpy arrays and scalars in plain pickles (the Detectron2 zoo's <c>.pkl</c>), from the fixtures of
/// tests/golden/checkpoints/make_detectron2_checkpoint.py (numpy, pickle protocol 4).</summary>
public sealed class NumpyPickleTests
{
    public NumpyPickleTests() => TorchRuntime.EnsureInitialized();

    static string Fixture(string name) => Path.Combine(DetectorFixture.Directory, name);

    static T[] Values<T>(StoredTensor t) where T : unmanaged
    {
        using var v = t.ToTensor();
        return v.reshape(-1).data<T>().ToArray();
    }

    [Fact]
    public void ArraysAndScalarsBecomeTensorsAndNumbers()
    {
        var checkpoint = CheckpointLoader.Read(Fixture("numpy_arrays.pkl"));
        Assert.Equal(CheckpointFormat.Pickle, checkpoint.Format);
        var state = checkpoint.GetStateDict("model");
        Assert.Equal([2L, 3], state["f8"].Shape);
        Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1, 1.25 }, Values<double>(state["f8"]));
        Assert.Equal(new[] { -3L, 0, 1L << 40 }, Values<long>(state["i8"]));
        Assert.Equal(new[] { 1.5f, -2f, 0.25f, 1e-3f }, Values<float>(state["f4_big"]));
        Assert.Equal(new[] { true, false, true }, Values<bool>(state["bool"]));
        Assert.Equal(new byte[] { 0, 7, 255 }, Values<byte>(state["u1"]));
        Assert.Equal([0L, 4], state["empty"].Shape);
        var root = (PickleDict)checkpoint.Root!;
        Assert.Equal(90000L, root["iteration"]);
        Assert.Equal(0.5, root["lr"]);
    }

    [Theory]
    [InlineData("numpy_complex.pkl", "dtype 'c8'")]
    [InlineData("numpy_fortran.pkl", "Fortran order")]
    public void UnsupportedArraysNameFileAndKey(string file, string reason)
    {
        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointLoader.Read(Fixture(file)));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("'model.w'", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
