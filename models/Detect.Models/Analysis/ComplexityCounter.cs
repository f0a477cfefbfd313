using Detect.Models.Detectors;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Analysis;

/// <summary>
/// MMCV's <c>get_model_complexity_info</c>: runs one forward on a zeros input with a forward hook on every module
/// <see cref="FlopRules"/> counts, and reports FLOPs and parameters per module and in total.
/// </summary>
/// <example><c>ComplexityCounter.Measure(detector, 1280, 800)</c> is MMDetection's <c>get_flops.py --shape 1280 800</c>.</example>
public static class ComplexityCounter
{
    /// <summary>
    /// A detector's complexity on a 1×3×<paramref name="height"/>×<paramref name="width"/> input through backbone, neck
    /// and dense head (<see cref="Detector.ForwardDense"/>: MMDetection's tensor-mode forward, no post-processing).
    /// </summary>
    public static ComplexityReport Measure(Detector detector, int height, int width) =>
        Measure(detector, [1, 3, height, width], x => detector.ForwardDense(x));

    /// <summary>
    /// The complexity of <paramref name="model"/> when <paramref name="forward"/> runs on zeros of
    /// <paramref name="inputShape"/> (batch first; FLOPs are per batch, as MMCV's for batch 1). The model is put in
    /// evaluation mode, as MMCV does.
    /// </summary>
    public static ComplexityReport Measure(nn.Module model, long[] inputShape, Action<Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(model);
        var flops = new Dictionary<nn.Module, long>(ReferenceEqualityComparer.Instance);
        var removers = new List<Action>();
        foreach (var module in new[] { model }.Concat(model.modules()).Distinct(ReferenceEqualityComparer.Instance).Cast<nn.Module>())
        {
            if (!FlopRules.IsCounted(module) || module is not nn.Module<Tensor, Tensor> hookable) continue;
            flops[module] = 0;
            var remover = hookable.register_forward_hook((m, input, output) =>
            {
                flops[m] += FlopRules.Flops(m, input, output);
                return null!;   // keep the output
            });
            removers.Add(remover.remove);
        }
        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var first = model.parameters().FirstOrDefault();
            forward(zeros(inputShape, first?.dtype ?? float32, first?.device ?? CPU));
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        var parameters = model.parameters().ToList();
        return new ComplexityReport(Node("", model, flops), inputShape[1..],
            Trainable: parameters.Where(p => p.requires_grad).Sum(p => p.numel()),
            All: parameters.Sum(p => p.numel()));
    }

    static ModuleComplexity Node(string name, nn.Module module, IReadOnlyDictionary<nn.Module, long> flops)
    {
        var children = module.named_children().Select(c => Node(c.name, c.module, flops)).ToList();
        bool counted = flops.TryGetValue(module, out var own);
        long parameters = counted ? module.parameters().Where(p => p.requires_grad).Sum(p => p.numel()) : children.Sum(c => c.Params);
        return new ModuleComplexity(name, module.GetType().Name, ModuleRepr.ExtraRepr(module), parameters,
            counted ? own : children.Sum(c => c.Flops), counted, children);
    }
}
