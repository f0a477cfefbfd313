namespace Detect.Models.Layers;

/// <summary>What <see cref="ConvBnFusion.Fuse"/> did: the conv–norm pairs it folded and those it had to leave.</summary>
public sealed class ConvBnFusionReport
{
    /// <summary>Folded pairs, as module paths (<c>backbone.layer1.0.conv1</c>, <c>backbone.layer1.0.bn1</c>).</summary>
    public List<(string Conv, string Norm)> Fused { get; } = [];

    /// <summary>Pairs left unfused, with the reason.</summary>
    public List<(string Conv, string Norm, string Reason)> Skipped { get; } = [];

    /// <summary>One line: "fused 53 conv–norm pairs" (and how many were skipped).</summary>
    public override string ToString() =>
        $"fused {Fused.Count} conv-norm pairs" + (Skipped.Count == 0 ? "" : $", skipped {Skipped.Count} (first: {Skipped[0].Norm}: {Skipped[0].Reason})");
}
