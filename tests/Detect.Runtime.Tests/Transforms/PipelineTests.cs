using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Runtime.Tests.Transforms;

public class PipelineTests
{
    static Pipeline<DataInfo, PackedDetInputs> TrainPipeline() =>
        Pipeline.Start<DataInfo>()
            .Then(new LoadImageFromFile())
            .Then(new LoadAnnotations())
            .Then(new Resize((1333, 800), keepRatio: true))
            .Then(new RandomFlip(0.5))
            .Then(new PackDetInputs());

    [Fact]
    public void PrintsLikeMmdetectionsComposeWithCSharpArguments()
    {
        Assert.Equal(
            """
            Compose(
                LoadImageFromFile(colorType: ColorType.Color, ignoreEmpty: false)
                LoadAnnotations(withBbox: true, withLabel: true, withMask: false, poly2mask: true)
                Resize(scale: (1333, 800), scaleFactor: null, keepRatio: true, clipObjectBorder: true, interpolation: Interpolation.Bilinear)
                RandomFlip(prob: 0.5, direction: FlipDirection.Horizontal)
                PackDetInputs(metaKeys: [MetaKey.ImgId, MetaKey.ImgPath, MetaKey.OriShape, MetaKey.ImgShape, MetaKey.ScaleFactor, MetaKey.Flip, MetaKey.FlipDirection])
            )
            """.ReplaceLineEndings("\n"), TrainPipeline().ToString());
    }

    [Fact]
    public void ThenReturnsANewPipelineAndLeavesTheOldOneAlone()
    {
        var loading = Pipeline.Start<DataInfo>().Then(new LoadImageFromFile());
        var longer = loading.Then(new LoadAnnotations());

        Assert.Single(loading.Transforms);
        Assert.Equal(["LoadImageFromFile", "LoadAnnotations"], longer.Transforms.Select(t => t.Name));
        Assert.Equal([typeof(DataInfo), typeof(PipelineSample)], longer.Transforms.Select(t => t.InputType));
    }

    [Fact]
    public void StepsOnlyComposeWhenTheirTypesLineUp()
    {
        // Pipeline<DataInfo, DataInfo>.Then accepts only Transform<DataInfo, _>: packing or resizing a
        // record that was never loaded does not compile. The types say so:
        Assert.False(typeof(Transform<DataInfo, PackedDetInputs>).IsAssignableFrom(typeof(PackDetInputs)));
        Assert.False(typeof(Transform<DataInfo, PipelineSample>).IsAssignableFrom(typeof(Resize)));
        Assert.True(typeof(Transform<DataInfo, PipelineSample>).IsAssignableFrom(typeof(LoadImageFromFile)));
        Assert.Equal(typeof(PackedDetInputs), TrainPipeline().Transforms[^1].OutputType);
    }

    [Fact]
    public void ADroppedSampleStopsThePipeline()
    {
        var counter = new CountingTransform();
        var pipeline = Pipeline.Start<PipelineSample>().Then(new FilterAnnotations(minGtBboxWh: (50, 50))).Then(counter);
        var sample = Fixtures.Sample(Fixtures.RandomImage(20, 20, 1), [0, 0, 10, 10]);

        Assert.Null(pipeline.Apply(sample, TransformContext.FromSeed(0)));
        Assert.Equal(0, counter.Calls);
    }

    sealed class CountingTransform : SampleTransform
    {
        public int Calls;

        public override IReadOnlyList<(string Name, object? Value)> Parameters => [];

        public override PipelineSample Apply(PipelineSample input, TransformContext context)
        {
            Calls++;
            return input;
        }
    }
}
