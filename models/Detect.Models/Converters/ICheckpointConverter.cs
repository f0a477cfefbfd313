using Detect.Checkpoints;
using TorchSharp;

namespace Detect.Models.Converters;

/// <summary>
/// Converts checkpoints of another model zoo (torchvision, pycls, MMDetection V1...) to Detect's
/// state-dict names. <c>detect convert --from NAME</c> picks one by <see cref="Name"/>.
/// </summary>
/// <remarks>A new source is one class implementing this and one line in <see cref="CheckpointConverters.All"/>.</remarks>
public interface ICheckpointConverter
{
    /// <summary>The <c>--from</c> name, e.g. <c>torchvision</c>.</summary>
    string Name { get; }

    /// <summary>The <c>--arch</c> values it knows; empty when the conversion does not depend on the architecture.</summary>
    IReadOnlyList<string> Archs { get; }

    /// <summary>Converts <paramref name="source"/>'s weights for <paramref name="arch"/>.</summary>
    /// <param name="source">The checkpoint.</param>
    /// <param name="arch">The architecture, when the converter needs one.</param>
    /// <param name="numClasses">The source model's number of classes as the source counts them (background included where
    /// it has one, like <c>upgrade_model_version.py --num-classes</c>); null: read from the checkpoint.</param>
    /// <exception cref="ArgumentException">An arch it does not know, or a class count that does not fit.</exception>
    /// <exception cref="KeyMapException">The checkpoint's keys do not fit the arch.</exception>
    ConversionResult Convert(Checkpoint source, string? arch, int? numClasses = null);
}

/// <summary>What a conversion produced.</summary>
/// <param name="StateDict">The weights under Detect's names.</param>
/// <param name="Dropped">Source keys left out on purpose.</param>
/// <param name="Model">Builds the Detect module the weights are for, to check them against; null when there is none yet.</param>
public sealed record ConversionResult(StateDict StateDict, IReadOnlyList<string> Dropped, Func<torch.nn.Module>? Model);
