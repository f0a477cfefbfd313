using System.Text.Json;
using Detect.Models.Converters;
using Detect.Structures;
using Detect.Visualization;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// A training fixture of tests/golden/models/make_training_fixtures.py (<c>ARCH_narrow.training.golden.json</c>): the batch that
/// torchvision 0.14 trained on (two photos, their ground truth), its settings, its losses and a few parameters' gradients of the
/// summed loss (from its float64 twin), for the narrow detector whose weights are <see cref="DetectorFixture"/>'s.
/// </summary>
internal sealed class TrainingFixture
{
    TrainingFixture(string arch)
    {
        Detector = DetectorFixture.Load(arch);
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DetectorFixture.Directory, arch + "_narrow.training.golden.json"))).RootElement;
    }

    public static TrainingFixture Load(string arch) => new(arch);

    public DetectorFixture Detector { get; }

    public JsonElement Json { get; }

    /// <summary>torchvision's builder arguments the reference ran with (every proposal kept, no RPN NMS, every anchor and proposal sampled).</summary>
    public TorchvisionOptions Options
    {
        get
        {
            int all = Json.GetProperty("sample_all").GetInt32();
            return new TorchvisionOptions(Json.GetProperty("min_size").GetInt32(), Json.GetProperty("max_size").GetInt32(),
                Json.GetProperty("trainable_backbone_layers").GetInt32(), RpnPreNmsTopNTrain: all, RpnPostNmsTopNTrain: all, RpnNmsThresh: 1.0,
                RpnBatchSizePerImage: all, RpnPositiveFraction: 0.5, BoxBatchSizePerImage: all, BoxPositiveFraction: 0.5);
        }
    }

    /// <summary>The Detect model with the fixture's weights and torchvision's training settings, in training mode.</summary>
    public DetectionModel LoadModel()
    {
        var model = Detector.LoadModel(Options);
        model.train();
        return model;
    }

    /// <summary>The batch as a loader gives it: BGR images as decoded, ground truth on the original images (Detect's labels: torchvision's − 1).</summary>
    public DetBatch Batch()
    {
        var images = new List<Tensor>();
        var samples = new List<DetDataSample>();
        foreach (var (entry, i) in Json.GetProperty("images").EnumerateArray().Select((e, i) => (e, i)))
        {
            var path = Path.Combine(DetectorFixture.Directory, entry.GetProperty("image").GetString()!);
            var image = ImageFiles.ReadBgr(path);
            var shape = ((int)image.shape[1], (int)image.shape[2]);
            var boxes = entry.GetProperty("boxes").EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => v.GetSingle())).ToArray();
            var labels = entry.GetProperty("labels").EnumerateArray().Select(l => l.GetInt64() - 1).ToArray();
            images.Add(image);
            samples.Add(new DetDataSample(new ImageMeta(i, path, shape, shape, shape, (1.0, 1.0)),
                new InstanceData(tensor(boxes).view(-1, 4), tensor(labels))));
        }
        return new DetBatch(images, samples);
    }

    /// <summary>torchvision's losses under Detect's names.</summary>
    public IReadOnlyDictionary<string, double> Losses =>
        Json.GetProperty("losses").EnumerateArray().ToDictionary(l => l.GetProperty("detect_name").GetString()!, l => l.GetProperty("value").GetDouble());

    /// <summary>
    /// Gradients of the summed loss under Detect's parameter names: torchvision's float64 twin's (the reference) and how far
    /// torchvision's own float32 gradient is from it (max |Δ| / max |reference|).
    /// </summary>
    public IEnumerable<(string Name, Tensor Reference, double TorchvisionError)> Gradients =>
        Json.GetProperty("grads").EnumerateArray().Select(g => (g.GetProperty("detect_name").GetString()!, GoldenFeatures.Decode(g),
            g.GetProperty("torchvision_float32_error").GetDouble()));
}
