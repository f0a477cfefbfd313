using System.Text.Json;
using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// A detector fixture of tests/golden/models/make_detector_fixtures.py: torchvision's weights (<c>ARCH_narrow.pth</c>), the
/// photo it ran on and its detections (<c>ARCH_narrow.golden.json</c>, labels as torchvision numbers them).
/// </summary>
internal sealed class DetectorFixture
{
    DetectorFixture(string arch)
    {
        TorchRuntime.EnsureInitialized();
        Arch = arch;
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, arch + "_narrow.golden.json"))).RootElement;
    }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "detectors");

    public static DetectorFixture Load(string arch) => new(arch);

    public string Arch { get; }

    public JsonElement Json { get; }

    public string CheckpointPath => Path.Combine(Directory, Arch + "_narrow.pth");

    public string ImagePath => Path.Combine(Directory, Json.GetProperty("image").GetString()!);

    int Width(string name) => Json.GetProperty("widths").GetProperty(name).GetInt32();

    /// <summary>
    /// The narrow Detect model of the fixture's architecture (random weights): the torchvision zoo record at the fixture's
    /// widths, with torchvision's builder <paramref name="options"/>.
    /// </summary>
    public DetectionModel Build(TorchvisionOptions? options = null)
    {
        var experiment = Arch switch
        {
            "fasterrcnn_resnet50_fpn" => TorchvisionVariants.FasterRcnn(90, Width("base_channels"), Width("fpn_channels"), Width("representation_size")),
            "maskrcnn_resnet50_fpn" => TorchvisionVariants.MaskRcnn(90, Width("base_channels"), Width("fpn_channels"), Width("representation_size"),
                Width("mask_channels")),
            "retinanet_resnet50_fpn" => TorchvisionVariants.RetinaNet(90, Width("base_channels"), Width("fpn_channels")),
            "fcos_resnet50_fpn" => TorchvisionVariants.Fcos(90, Width("base_channels"), Width("fpn_channels")),
            "ssd300_vgg16" => TorchvisionVariants.Ssd300(90, Width("base_channels"), Width("fc_channels")),
            _ => throw new ArgumentException(Arch),
        };
        if (options is not null) experiment = experiment.WithOptions(options.CfgOptions(twoStage: Arch.Contains("rcnn", StringComparison.Ordinal)));
        return experiment.BuildModel();
    }

    /// <summary>The converted weights (Detect's names), as <c>detect convert --from torchvision</c> makes them.</summary>
    public StateDict ConvertedWeights() => new TorchvisionConverter().Convert(CheckpointLoader.Read(CheckpointPath), Arch).StateDict;

    /// <summary>The Detect model with the fixture's weights, in eval mode.</summary>
    public DetectionModel LoadModel(TorchvisionOptions? options = null)
    {
        var model = Build(options);
        CheckpointLoader.LoadStateDict(model, ConvertedWeights(), strict: true);
        model.eval();
        return model;
    }

    /// <summary>torchvision's detections, with labels shifted to Detect's (torchvision's − 1).</summary>
    public IReadOnlyList<DetectionMatching.Detection> Reference()
    {
        var labels = Json.GetProperty("labels").EnumerateArray().Select(e => e.GetInt64() - 1).ToArray();
        var scores = Json.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var boxes = Json.GetProperty("bboxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        return [.. labels.Select((l, i) => new DetectionMatching.Detection(l, scores[i], boxes[i]))];
    }

    /// <summary>Detections of an InstanceData (CPU copies).</summary>
    public static IReadOnlyList<DetectionMatching.Detection> Detections(InstanceData pred)
    {
        var labels = pred.Labels.cpu().data<long>().ToArray();
        var scores = pred.Scores!.cpu().data<float>().ToArray();
        var boxes = pred.Bboxes.cpu().data<float>().ToArray();
        return [.. labels.Select((l, i) => new DetectionMatching.Detection(l, scores[i], boxes[(4 * i)..(4 * i + 4)]))];
    }
}
