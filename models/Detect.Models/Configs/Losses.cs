using Detect.Models.Losses;

namespace Detect.Config;

/// <summary>Cross-entropy, softmax or sigmoid (<c>type='CrossEntropyLoss'</c>).</summary>
[Register("CrossEntropyLoss", Builds = typeof(CrossEntropyLoss))]
public sealed class CrossEntropyLossAttribute : LossAttribute
{
    /// <summary><c>use_sigmoid</c>.</summary>
    public bool UseSigmoid { get; set; }

    /// <summary><c>use_mask</c>: per-pixel binary cross-entropy of each RoI's own-class mask (the mask head's loss).</summary>
    public bool UseMask { get; set; }

    /// <summary><c>avg_non_ignore</c>: average over non-ignored elements only.</summary>
    public bool AvgNonIgnore { get; set; }

    /// <summary><c>class_weight</c>; empty: equal weights.</summary>
    [InRange(0, double.MaxValue)]
    public double[] ClassWeight { get; set; } = [];
}

/// <summary>Sigmoid focal loss (<c>type='FocalLoss'</c>).</summary>
[Register("FocalLoss", Builds = typeof(FocalLoss))]
public sealed class FocalLossAttribute : LossAttribute
{
    /// <summary><c>use_sigmoid</c> (only the sigmoid form exists).</summary>
    public bool UseSigmoid { get; set; }

    /// <summary><c>gamma</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double Gamma { get; set; }

    /// <summary><c>alpha</c>.</summary>
    [InRange(0, 1)]
    public double Alpha { get; set; }
}

/// <summary>Smooth L1 (<c>type='SmoothL1Loss'</c>).</summary>
[Register("SmoothL1Loss", Builds = typeof(SmoothL1Loss))]
public sealed class SmoothL1LossAttribute : LossAttribute
{
    /// <summary><c>beta</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double Beta { get; set; }
}

/// <summary>L1 (<c>type='L1Loss'</c>).</summary>
[Register("L1Loss", Builds = typeof(L1Loss))]
public sealed class L1LossAttribute : LossAttribute;

/// <summary>IoU loss (<c>type='IoULoss'</c>).</summary>
[Register("IoULoss", Builds = typeof(IoULoss))]
public sealed class IoULossAttribute : LossAttribute
{
    /// <summary><c>mode</c>.</summary>
    public IoULossMode Mode { get; set; }

    /// <summary><c>eps</c>.</summary>
    [InRange(0, 1)]
    public double Eps { get; set; }
}

/// <summary>Generalized IoU loss (<c>type='GIoULoss'</c>).</summary>
[Register("GIoULoss", Builds = typeof(GIoULoss))]
public sealed class GIoULossAttribute : LossAttribute
{
    /// <summary><c>eps</c>.</summary>
    [InRange(0, 1)]
    public double Eps { get; set; }
}
