using Detect.Config;
using Detect.Models.Converters;
using Detect.Structures;

namespace Detect.Cli.Commands;

/// <summary>
/// The models <c>detect infer --config NAME</c> can build, by name: torchvision's four COCO detectors with torchvision's
/// settings (<see cref="TorchvisionDetectors"/>), under the names of their zoo configs. An explicit table until the
/// config registry (typed zoo configs) resolves names; tests register narrow variants.
/// </summary>
public static class ModelConfigs
{
    /// <summary>A buildable model and the names of its classes (by label).</summary>
    /// <param name="Build">Builds the model with random weights.</param>
    /// <param name="Classes">Class names, label by label.</param>
    public sealed record Entry(Func<DetectionModel> Build, IReadOnlyList<string> Classes);

    static readonly Dictionary<string, Entry> Table = new(StringComparer.Ordinal)
    {
        ["TorchvisionFasterRcnnR50Fpn"] = new(() => TorchvisionDetectors.FasterRcnnResNet50Fpn(), TorchvisionDetectors.CocoCategories),
        ["TorchvisionRetinaNetR50Fpn"] = new(() => TorchvisionDetectors.RetinaNetResNet50Fpn(), TorchvisionDetectors.CocoCategories),
        ["TorchvisionMaskRcnnR50Fpn"] = new(() => TorchvisionDetectors.MaskRcnnResNet50Fpn(), TorchvisionDetectors.CocoCategories),
        ["TorchvisionFcosR50Fpn"] = new(() => TorchvisionDetectors.FcosResNet50Fpn(), TorchvisionDetectors.CocoCategories),
    };

    /// <summary>Every known name.</summary>
    public static IReadOnlyList<string> Names => [.. Table.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds (or replaces) a model under <paramref name="name"/>.</summary>
    public static void Register(string name, Entry entry) => Table[name] = entry;

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="ConfigurationException">No such name; the message lists the known ones.</exception>
    public static Entry Resolve(string name) =>
        Table.TryGetValue(name, out var entry)
            ? entry
            : throw new ConfigurationException($"unknown --config '{name}'; known configs: {string.Join(", ", Names)}");
}
