using Detect.Distributed;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>OptimWrapper</c>: one training update from a loss — backward, gradient clipping,
/// optimizer step, gradients cleared.
/// </summary>
public sealed class OptimWrapper : IDisposable
{
    /// <summary>Wraps <paramref name="optimizer"/>.</summary>
    public OptimWrapper(Optimizer optimizer, GradClip? clipGrad = null)
    {
        Optimizer = optimizer;
        ClipGrad = clipGrad;
    }

    /// <summary>Builds the optimizer over <paramref name="model"/>'s trainable parameters.</summary>
    public static OptimWrapper Build(nn.Module model, OptimWrapperOptions options) =>
        new(options.Optimizer.Build(ParamGroups.Build(model, options.Optimizer.Lr, options.Optimizer.WeightDecay, options.Paramwise)),
            options.ClipGrad);

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Gradient clipping, if any.</summary>
    public GradClip? ClipGrad { get; }

    /// <summary>
    /// Backpropagates <paramref name="loss"/>, clips, steps and clears the gradients. When clipping
    /// finds a gradient norm that is not finite, the step is not taken (as PyTorch's <c>GradScaler</c>
    /// skips steps with inf/NaN gradients): the gradients are cleared and the weights stay as they were.
    /// </summary>
    public ParamUpdate UpdateParams(Tensor loss)
    {
        ConvGradientPath.Backward(loss);
        // Data parallel: every rank's gradients replaced by their mean before clipping (DDP's order).
        if (DistributedContext.Current.WorldSize > 1)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            (gradientBuckets ??= new GradientBuckets(Optimizer.Parameters.Select(p => p.Param))).AllReduceMean(DistributedContext.Current);
            AllReduceSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double? gradNorm = ClipGrad?.Apply(Optimizer.Parameters.Select(p => p.Param));
        bool step = gradNorm is not { } norm || double.IsFinite(norm);
        if (step) Optimizer.Step();
        Optimizer.ZeroGrad();
        return new ParamUpdate(gradNorm, step);
    }

    GradientBuckets? gradientBuckets;

    /// <summary>Seconds the last update spent averaging gradients over ranks (null in one process); logged as <c>allreduce_time</c>.</summary>
    public double? AllReduceSeconds { get; private set; }

    /// <summary>The learning rate of each parameter group.</summary>
    public IReadOnlyList<double> Lrs => Optimizer.ParamGroups.Select(g => g.Lr).ToList();

    /// <inheritdoc />
    public void Dispose() => Optimizer.Dispose();
}
