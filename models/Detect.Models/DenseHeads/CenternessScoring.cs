namespace Detect.Models.DenseHeads;

/// <summary>How an FCOS head combines class scores and centerness at inference.</summary>
public enum CenternessScoring
{
    /// <summary>MMDetection: class scores are thresholded and ranked, then multiplied by the centerness.</summary>
    Multiply,

    /// <summary>torchvision: scores are √(class score · centerness), thresholded and ranked as such.</summary>
    GeometricMean,
}
