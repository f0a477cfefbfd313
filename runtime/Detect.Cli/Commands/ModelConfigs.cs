using Detect.Models.Converters;
using Detect.Structures;

namespace Detect.Cli.Commands;

/// <summary>
/// The torchvision models <c>detect infer --config NAME</c> builds with torchvision's own settings
/// (<see cref="TorchvisionDetectors"/>), under the names of their zoo configs, which take precedence over the zoo records of
/// those names until the zoo records reproduce torchvision (issue 12); every other name is an experiment. Tests register
/// narrow variants.
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

    /// <summary>Adds (or replaces) a model under <paramref name="name"/>.</summary>
    public static void Register(string name, Entry entry) => Table[name] = entry;

    /// <summary>The model called <paramref name="name"/>, or null when there is none.</summary>
    public static Entry? TryResolve(string name) => Table.GetValueOrDefault(name);
}
