using Detect.Models.TaskModules.Samplers;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>The first step of every RoI head's (and every cascade stage's) loss: proposals assigned to ground truths and sampled, per image.</summary>
internal static class RoISampling
{
    /// <summary>Ground truth per sample; training without it is a user error naming the image.</summary>
    public static IReadOnlyList<InstanceData> GroundTruths(IReadOnlyList<DetDataSample> samples) =>
        [.. samples.Select(s => s.GtInstances ?? throw new ArgumentException($"{s.Meta.ImgPath}: training needs ground-truth instances."))];

    /// <summary>
    /// MMDetection's loop over images in <c>StandardRoIHead.loss</c>: <c>assigner.assign</c> then <c>sampler.sample</c> with
    /// <paramref name="cfg"/> (sampled ground truths join the proposals).
    /// </summary>
    public static List<SamplingResult> Sample(RcnnTrainConfig cfg, IReadOnlyList<Tensor> proposals, IReadOnlyList<InstanceData> gts, IReadOnlyList<DetDataSample> samples)
    {
        var results = new List<SamplingResult>(samples.Count);
        for (int i = 0; i < samples.Count; i++)
        {
            using var assign = cfg.Assigner.Assign(proposals[i], gts[i].Bboxes, gts[i].Labels, samples[i].IgnoredInstances?.Bboxes);
            results.Add(cfg.Sampler.Sample(assign, proposals[i], gts[i].Bboxes, gts[i].Labels));
        }
        return results;
    }
}
