using System.Text.Json;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>Resize, RandomFlip and Pad on image and boxes against mmcv's functions and mmdet's box formulas.</summary>
public class GeometryGoldenTests
{
    static readonly JsonElement Geometry = Fixtures.Json.GetProperty("geometry");
    static readonly float[] Boxes = Fixtures.Floats(Geometry.GetProperty("boxes"));

    static PipelineSample Scene() => Fixtures.Sample(Fixtures.Source, Boxes);

    public static TheoryData<int> ResizeCases() => new(Enumerable.Range(0, Geometry.GetProperty("resize").GetArrayLength()));

    [Theory]
    [MemberData(nameof(ResizeCases))]
    public void ResizeSizesScaleFactorsAndBoxesMatchMmcv(int i)
    {
        var c = Geometry.GetProperty("resize")[i];
        Resize resize;
        if (c.TryGetProperty("scale", out var scale))
            resize = new Resize((scale[0].GetInt32(), scale[1].GetInt32()), keepRatio: c.GetProperty("keep_ratio").GetBoolean());
        else
        {
            double f = c.GetProperty("scale_factor_arg").GetDouble();
            resize = new Resize(scaleFactor: (f, f), keepRatio: true);
        }

        var output = resize.Apply(Scene(), TransformContext.FromSeed(0));

        Assert.Equal((c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32()), output.ImgShape);
        var factor = c.GetProperty("scale_factor");
        Assert.Equal(factor[0].GetDouble(), output.ScaleFactor.W);
        Assert.Equal(factor[1].GetDouble(), output.ScaleFactor.H);
        Assert.Equal(Fixtures.Floats(c.GetProperty("boxes")), output.Gt!.Bboxes);
    }

    [Theory]
    [InlineData(FlipDirection.Horizontal)]
    [InlineData(FlipDirection.Vertical)]
    [InlineData(FlipDirection.Diagonal)]
    public void FlipMatchesMmcvImflipAndMmdetBoxFlip(FlipDirection direction)
    {
        string name = direction.ToMmdetName();
        var c = Geometry.GetProperty("flip").EnumerateArray().Single(f => f.GetProperty("direction").GetString() == name);

        var output = new RandomFlip(1.0, direction).Apply(Scene(), TransformContext.FromSeed(0));

        Assert.True(output.Flip);
        Assert.Equal(name, output.FlipDirection);
        Fixtures.Identical(Fixtures.Png($"moved/flip_{name}.png"), output.Img);
        Assert.Equal(Fixtures.Floats(c.GetProperty("boxes")), output.Gt!.Bboxes);
    }

    [Theory]
    [InlineData("divisor32")]
    [InlineData("square")]
    [InlineData("fixed")]
    public void PadMatchesMmcvImpad(string name)
    {
        var pad = name switch
        {
            "divisor32" => new Pad(sizeDivisor: 32, padVal: 7),
            "square" => new Pad(padToSquare: true, padVal: 7),
            _ => new Pad(size: (120, 80), padVal: 7),
        };
        var expected = Fixtures.Png($"moved/pad_{name}.png");

        var output = pad.Apply(Scene(), TransformContext.FromSeed(0));

        Fixtures.Identical(expected, output.Img);
        Assert.Equal((expected.Height, expected.Width), output.PadShape);
        Assert.Equal(Boxes, output.Gt!.Bboxes); // padding at the bottom/right moves no box
    }
}
