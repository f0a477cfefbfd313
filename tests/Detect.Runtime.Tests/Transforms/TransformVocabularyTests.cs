using Detect.Config;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

/// <summary>
/// Every value of every closed vocabulary of the transform configs (LoadImageFromFile's color_type,
/// Resize's interpolation, RandomFlip's direction, RandomCrop's crop_type) is built through its
/// generated config record's <c>Build()</c> and run once on a small image, with the output checked:
/// whatever the compiler accepts runs.
/// </summary>
public class TransformVocabularyTests
{
    static readonly TransformContext Context = TransformContext.FromSeed(3);

    static PipelineSample Scene() => Fixtures.Sample(Fixtures.Source, [10, 10, 60, 50]);

    /// <summary>MMDetection's spelling of an enum member, as the config printer writes it.</summary>
    static string Mmdet(Enum value) => ConfigPrinter.FormatValue(value).Trim('\'');

    public static TheoryData<Interpolation> Interpolations() => new(Enum.GetValues<Interpolation>());

    public static TheoryData<ColorType> ColorTypes() => new(Enum.GetValues<ColorType>());

    public static TheoryData<FlipDirection> FlipDirections() => new(Enum.GetValues<FlipDirection>());

    public static TheoryData<CropType> CropTypes() => new(Enum.GetValues<CropType>());

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void EveryInterpolationResizesExactlyAsCv2(Interpolation interpolation)
    {
        var resize = new ResizeConfig { Scale = [50, 37], Interpolation = interpolation }.Build();

        var output = resize.Apply(Scene(), Context);

        Assert.Equal((37, 50), output.ImgShape);
        Fixtures.Identical(Fixtures.Png($"resized/down_{Mmdet(interpolation)}.png"), output.Img);
    }

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void TheRandomResizesPassTheirInterpolationOn(Interpolation interpolation)
    {
        var expected = Fixtures.Png($"resized/down_{Mmdet(interpolation)}.png");

        var chosen = new RandomChoiceResize([(50, 37)], interpolation: interpolation).Apply(Scene(), Context);
        var ranged = new RandomResize([(50, 37), (50, 37)], interpolation: interpolation).Apply(Scene(), Context);

        Fixtures.Identical(expected, chosen.Img);
        Fixtures.Identical(expected, ranged.Img);
    }

    [Theory]
    [MemberData(nameof(ColorTypes))]
    public void EveryColorTypeLoadsAnRgbaPng(ColorType colorType)
    {
        var load = new LoadImageFromFileConfig { ColorType = colorType }.Build();

        var output = load.Apply(Fixtures.Info(Fixtures.PathOf("images/rgba.png"), 75, 101, []), Context)!;

        int expected = colorType switch { ColorType.Color => 3, ColorType.Grayscale => 1, _ => 4 };
        Assert.Equal((75, 101, expected), (output.Img.Height, output.Img.Width, output.Img.Channels));
    }

    [Theory]
    [MemberData(nameof(FlipDirections))]
    public void EveryFlipDirectionFlipsAsMmcv(FlipDirection direction)
    {
        var flip = new RandomFlipConfig { Prob = 1.0, Direction = [direction] }.Build();

        var output = flip.Apply(Scene(), Context);

        Assert.Equal(Mmdet(direction), output.FlipDirection);
        Fixtures.Identical(Fixtures.Png($"moved/flip_{Mmdet(direction)}.png"), output.Img);
    }

    [Theory]
    [MemberData(nameof(CropTypes))]
    public void EveryCropTypeCropsToItsSize(CropType cropType)
    {
        // Per type: crop_size, and the (h, w) bounds it gives a 75×101 image.
        var (size, minH, maxH, minW, maxW) = cropType switch
        {
            CropType.Absolute => (ValueList.Create<double>([40, 30]), 30, 30, 40, 40),
            CropType.AbsoluteRange => ([20, 30], 20, 30, 20, 30),
            CropType.Relative => ([0.5, 0.4], 30, 30, 51, 51), // (int(75·0.4 + 0.5), int(101·0.5 + 0.5))
            _ => ([0.5, 0.6], 38, 75, 61, 101), // RelativeRange: h ratio from [0.5, 1], w ratio from [0.6, 1]
        };
        var crop = new RandomCropConfig { CropType = cropType, CropSize = size, AllowNegativeCrop = true }.Build();

        var output = crop.Apply(Scene(), Context)!;

        Assert.InRange(output.ImgShape.Height, minH, maxH);
        Assert.InRange(output.ImgShape.Width, minW, maxW);
    }

    [Fact]
    public void VocabulariesReadAndPrintAsMmdetectionSpellsThem()
    {
        Assert.Equal(["color", "grayscale", "unchanged"], Enum.GetValues<ColorType>().Select(v => Mmdet(v)));
        Assert.Equal(["nearest", "bilinear", "bicubic", "area", "lanczos"], Enum.GetValues<Interpolation>().Select(v => Mmdet(v)));
        Assert.Equal(["horizontal", "vertical", "diagonal"], Enum.GetValues<FlipDirection>().Select(v => Mmdet(v)));
        Assert.Equal(["absolute", "absolute_range", "relative", "relative_range"], Enum.GetValues<CropType>().Select(v => Mmdet(v)));
        Assert.Equal(CropType.AbsoluteRange, ConfigConvert.ToEnum<CropType>("absolute_range"));
        Assert.Equal("['horizontal', 'vertical']", ConfigPrinter.FormatValue(new[] { FlipDirection.Horizontal, FlipDirection.Vertical }));
    }
}
