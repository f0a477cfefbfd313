namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>auto_scale_lr</c>: configs state the learning rate for a total batch size of
/// <see cref="BaseBatchSize"/> (e.g. 8 GPUs × 2 images = 16); training with another total batch size
/// scales it linearly (Goyal et al.'s rule), as MMEngine's <c>Runner.scale_lr</c>.
/// </summary>
public sealed record AutoScaleLr
{
    /// <summary>Creates the settings.</summary>
    /// <param name="enable"><c>enable</c>.</param>
    /// <param name="baseBatchSize"><c>base_batch_size</c>.</param>
    public AutoScaleLr(bool enable, int baseBatchSize = 16) => (Enable, BaseBatchSize) = (enable, baseBatchSize);

    /// <summary><c>enable</c>.</summary>
    public bool Enable { get; init; }

    /// <summary><c>base_batch_size</c>: the total batch size the configured lr is meant for.</summary>
    public int BaseBatchSize { get; init; }

    /// <summary>The optimizer's settings with the lr scaled to <paramref name="totalBatchSize"/> (unchanged when disabled).</summary>
    public OptimizerOptions Apply(OptimizerOptions optimizer, int totalBatchSize)
    {
        if (!Enable) return optimizer;
        if (BaseBatchSize <= 0) throw new ArgumentException($"auto_scale_lr.base_batch_size must be positive, got {BaseBatchSize}.");
        if (totalBatchSize <= 0) throw new ArgumentException($"The total batch size must be positive, got {totalBatchSize}.", nameof(totalBatchSize));
        return optimizer with { Lr = optimizer.Lr * ((double)totalBatchSize / BaseBatchSize) };
    }
}
