using System.Reflection;
using System.Text.Json;

namespace Detect.Checkpoints;

/// <summary>
/// The names behind MMEngine's <c>torchvision://</c> and <c>open-mmlab://</c> checkpoints and their download
/// URLs, as data: <c>torchvision.json</c> (written from torchvision 0.14 by
/// <c>tests/golden/checkpoints/make_torchvision_urls.py</c>, MMEngine's <c>get_torchvision_models</c>) and
/// <c>openmmlab.json</c> (MMEngine's <c>hub/openmmlab.json</c> and <c>hub/deprecated.json</c>, source in the file).
/// </summary>
public static class ModelZooUrls
{
    static readonly Lazy<IReadOnlyDictionary<string, string>> TorchvisionTable = new(() => Table("torchvision.json", "models"));
    static readonly Lazy<IReadOnlyDictionary<string, string>> OpenMMLabTable = new(() => Table("openmmlab.json", "models"));
    static readonly Lazy<IReadOnlyDictionary<string, string>> DeprecatedTable = new(() => Table("openmmlab.json", "deprecated"));

    /// <summary>torchvision's weights by MMEngine's name: <c>resnet50</c> → <c>https://download.pytorch.org/models/resnet50-0676ba61.pth</c>,
    /// also <c>resnet50.imagenet1k_v2</c> and <c>resnet50.default</c>.</summary>
    public static IReadOnlyDictionary<string, string> Torchvision => TorchvisionTable.Value;

    /// <summary>OpenMMLab's third-party weights: <c>detectron/resnet50_caffe</c> → <c>.../resnet50_caffe-788b5fa3.pth</c>.</summary>
    public static IReadOnlyDictionary<string, string> OpenMMLab => OpenMMLabTable.Value;

    /// <summary>Old <c>open-mmlab://</c> names and the names that replaced them (<c>resnet50_caffe</c> → <c>detectron/resnet50_caffe</c>).</summary>
    public static IReadOnlyDictionary<string, string> OpenMMLabDeprecated => DeprecatedTable.Value;

    static IReadOnlyDictionary<string, string> Table(string file, string section)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Detect.Checkpoints.ModelZoo." + file)
            ?? throw new InvalidOperationException($"Detect.Runtime is built without its resource {file}.");
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.GetProperty(section).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }
}
