namespace Detect.Ops;

/// <summary>The scalar arguments of one <see cref="RoIAlign"/> call, passed together to the kernels.</summary>
internal sealed record RoIAlignArgs(int OutputHeight, int OutputWidth, double SpatialScale, int SamplingRatio, bool Aligned)
{
    /// <summary>
    /// More sampling points than this for one RoI means coordinates that cannot be meant (e.g. 1e30).
    /// A whole 1333-pixel image at stride 1 with adaptive sampling needs about 1.8 million.
    /// </summary>
    public const long MaxSamplesPerRoI = 1L << 22;

    public void Validate()
    {
        if (OutputHeight <= 0 || OutputWidth <= 0)
            throw new ArgumentException($"RoIAlign output size must be positive, got {OutputHeight}×{OutputWidth}.");
        if (!(SpatialScale > 0) || double.IsInfinity(SpatialScale))
            throw new ArgumentException($"RoIAlign spatialScale must be a positive finite number, got {SpatialScale}.");
    }

    /// <summary>
    /// Sampling points per bin along one axis. <paramref name="binSize"/> is the RoI extent divided by the
    /// number of bins, computed in the features' dtype: torchvision's ceil(roi_height / pooled_height)
    /// is the ceiling of that very quotient.
    /// </summary>
    public int GridSize(double binSize)
    {
        if (SamplingRatio > 0) return SamplingRatio;
        // A NaN RoI gets no samples (torchvision's int conversion of NaN is undefined).
        double grid = Math.Ceiling(binSize);
        return double.IsNaN(grid) || grid < 0 ? 0 : grid > int.MaxValue ? int.MaxValue : (int)grid;
    }

    /// <summary>Throws when one RoI would need an absurd number of samples (a corrupt box), naming the row.</summary>
    public void CheckSampleCount(long roiIndex, int gridH, int gridW)
    {
        long samples = (long)gridH * gridW * OutputHeight * OutputWidth;
        if (samples > MaxSamplesPerRoI)
            throw new ArgumentException(
                $"rois row {roiIndex} needs {samples} sampling points ({gridH}×{gridW} per bin); its coordinates are not plausible.");
    }
}
