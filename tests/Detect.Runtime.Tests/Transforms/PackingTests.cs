using Detect.Structures;
using Detect.Transforms;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Transforms;

public class PackingTests
{
    [Fact]
    public void PacksAChwTensorTheInstancesAndTheMeta()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var image = Fixtures.RandomImage(5, 7, 11);
        var masks = new BitmapMasks(2, 5, 7, Enumerable.Range(0, 70).Select(i => (byte)(i % 3 == 0 ? 1 : 0)).ToArray());
        var sample = Fixtures.Sample(image, [1, 1, 3, 3, 2, 2, 6, 4], [4, 2], masks);
        sample = sample with
        {
            Gt = sample.Gt! with { IgnoreFlags = [false, true] },
            ScaleFactor = (1.5, 2.0),
            Flip = true,
            FlipDirection = "horizontal",
        };

        using var packed = new PackDetInputs().Apply(sample, TransformContext.FromSeed(0));

        Assert.Equal([3L, 5, 7], packed.Inputs.shape);
        Assert.Equal(ScalarType.Byte, packed.Inputs.dtype);
        for (int c = 0; c < 3; c++)
            Assert.Equal(image.At(4, 6)[c], packed.Inputs[c, 4, 6].item<byte>());
        var meta = packed.DataSample.Meta;
        Assert.Equal(new ImageMeta(7, "memory.png", (5, 7), (5, 7), (5, 7), (1.5, 2.0), true, "horizontal"), meta);
        var gt = packed.DataSample.GtInstances!;
        Assert.Equal([1f, 1, 3, 3], gt.Bboxes.data<float>().ToArray());
        Assert.Equal([4L], gt.Labels.data<long>().ToArray());
        Assert.Equal(ScalarType.Bool, gt.Masks!.dtype);
        Assert.Equal(masks.Mask(0).ToArray().Select(v => v == 1), gt.Masks.flatten().data<bool>().ToArray());
        var ignored = packed.DataSample.IgnoredInstances!;
        Assert.Equal([2L], ignored.Labels.data<long>().ToArray());
        Assert.Equal(masks.Mask(1).ToArray().Select(v => v == 1), ignored.Masks!.flatten().data<bool>().ToArray());
    }

    [Fact]
    public void ChwTensorIsTheExactTransposeForWideImages()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var image = Fixtures.RandomImage(9, 53, 4); // 16-pixel SIMD blocks plus a scalar tail

        using var chw = PackDetInputs.ToChwTensor(image);

        var values = chw.data<byte>().ToArray();
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 53; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(image.At(y, x)[c], values[(c * 9 + y) * 53 + x]);
    }

    [Fact]
    public void MetaKeysAreMMDetectionsSpellingsAndUnknownOnesAreRejected()
    {
        // Meta keys are the MetaKey enum (an unknown key in C# does not compile); a key from text (--cfg-options) is checked by its spelling.
        Assert.Equal(MetaKey.PadShape, Detect.Config.ConfigEnums.Parse(typeof(MetaKey), "pad_shape"));
        var error = Assert.Throws<Detect.Config.ConfigurationException>(() => Detect.Config.ConfigEnums.Parse(typeof(MetaKey), "homography", "meta_keys"));

        Assert.Contains("homography", error.Message);
        Assert.Contains("'flip_direction'", error.Message);
    }

    [Fact]
    public void WithoutAnnotationsThereAreNoGroundTruthInstances()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized();
        var sample = Fixtures.Sample(Fixtures.RandomImage(3, 3, 1), []) with { Gt = null };

        using var packed = new PackDetInputs().Apply(sample, TransformContext.FromSeed(0));

        Assert.Null(packed.DataSample.GtInstances);
    }
}
