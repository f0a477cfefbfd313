using Detect.Models.TaskModules.Assigners;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Samplers;

/// <summary>Chooses which assigned priors of an image train the head (positives and negatives).</summary>
public interface ISampler
{
    /// <summary>Samples from an assignment of <paramref name="priors"/> (n×4) to <paramref name="gtBboxes"/> (k×4) / <paramref name="gtLabels"/> (k).</summary>
    SamplingResult Sample(AssignResult assignResult, Tensor priors, Tensor gtBboxes, Tensor gtLabels);
}
