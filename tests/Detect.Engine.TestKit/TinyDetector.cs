using Detect.Data;
using Detect.Structures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Engine.TestKit;

/// <summary>
/// The smallest real detector the engine can train: two convolutions (one with BatchNorm), global
/// pooling and a linear layer that predicts one box and one class per image, trained on the first
/// ground-truth object (L1 on normalized box corners, cross-entropy on the class). Enough to check
/// that losses fall, that runs repeat exactly, and that resumed runs continue exactly.
/// </summary>
public sealed class TinyDetector : DetectionModel
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Conv2d conv2;
    readonly Linear fc;
    readonly int numClasses;

    /// <summary>Creates the detector with PyTorch's default initialization (seed first for reproducibility).</summary>
    public TinyDetector(int numClasses, int width = 8) : base(nameof(TinyDetector))
    {
        this.numClasses = numClasses;
        conv1 = nn.Conv2d(3, width, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        conv2 = nn.Conv2d(width, width, 3, stride: 2, padding: 1);
        fc = nn.Linear(width, 4 + numClasses);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("fc", fc);
    }

    /// <summary>Calls (1-based) of <see cref="Loss"/> that return a NaN classification loss, for the invalid-loss tests.</summary>
    public Func<int, bool>? NanLossOnCall { get; init; }

    /// <summary>Calls (1-based) of <see cref="Loss"/> whose losses are finite but whose gradients are NaN (√|w − w| at 0).</summary>
    public Func<int, bool>? NanGradOnCall { get; init; }

    /// <summary>Whether <see cref="Predict"/> finds nothing (zero-row predictions), for the empty-prediction tests.</summary>
    public bool PredictsNothing { get; init; }

    int calls;

    Tensor Forward(DetBatch batch)
    {
        var device = fc.weight!.device;
        var images = ImageNormalization.NormalizeAndStack(batch.Inputs.Select(i => i.to(device)).ToList(), [0, 0, 0], [255, 255, 255]);
        var x = nn.functional.relu(bn1.call(conv1.call(images)));
        x = nn.functional.relu(conv2.call(x));
        return fc.call(x.mean([2, 3]));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> Loss(DetBatch batch)
    {
        using var scope = NewDisposeScope();
        calls++;
        var output = Forward(batch);
        var device = output.device;
        var targets = batch.Samples.Select(s =>
        {
            var (h, w) = s.Meta.ImgShape;
            var box = s.GtInstances!.Count > 0 ? s.GtInstances.Bboxes[0].to(device) / tensor(new float[] { w, h, w, h }, device: device) : zeros(4, device: device);
            return box;
        }).ToArray();
        var labels = tensor(batch.Samples.Select(s => s.GtInstances!.Count > 0 ? s.GtInstances.Labels[0].item<long>() : 0L).ToArray(), device: device);
        var lossBbox = nn.functional.l1_loss(output[.., ..4].sigmoid(), stack(targets));
        var logits = output[.., 4..];
        var lossCls = nn.functional.cross_entropy(logits, labels);
        if (NanLossOnCall?.Invoke(calls) == true) lossCls = lossCls * float.NaN;
        // d√x/dx is infinite at 0 and d|x|/dx is 0 there: the product is NaN, the value 0.
        if (NanGradOnCall?.Invoke(calls) == true) lossBbox = lossBbox + (fc.weight! - fc.weight!.detach()).abs().sqrt().sum();
        var acc = (logits.argmax(1) == labels).to(float32).mean() * 100;
        return new Dictionary<string, Tensor>
        {
            ["loss_cls"] = lossCls.MoveToOuterDisposeScope(),
            ["loss_bbox"] = lossBbox.MoveToOuterDisposeScope(),
            ["acc"] = acc.MoveToOuterDisposeScope(),
        };
    }

    /// <inheritdoc />
    public override IReadOnlyList<DetDataSample> Predict(DetBatch batch, bool rescale = true)
    {
        using var scope = NewDisposeScope();
        var output = Forward(batch);
        var results = new List<DetDataSample>();
        for (int i = 0; i < batch.Count; i++)
        {
            if (PredictsNothing)
            {
                results.Add(batch.Samples[i] with { PredInstances = InstanceData.Empty(CPU, withScores: true).MoveToOuterDisposeScope() });
                continue;
            }
            var meta = batch.Samples[i].Meta;
            var (h, w) = meta.ImgShape;
            var box = output[i, ..4].sigmoid() * tensor(new float[] { w, h, w, h });
            if (rescale) box = box / tensor(new float[] { (float)meta.ScaleFactor.W, (float)meta.ScaleFactor.H, (float)meta.ScaleFactor.W, (float)meta.ScaleFactor.H });
            var probs = output[i, 4..].softmax(0);
            var (score, label) = probs.max(0);
            var instances = new InstanceData(box.reshape(1, 4).cpu(), label.reshape(1).cpu(), score.reshape(1).cpu());
            results.Add(batch.Samples[i] with { PredInstances = instances.MoveToOuterDisposeScope() });
        }
        return results;
    }

    /// <summary>The number of classes.</summary>
    public int NumClasses => numClasses;
}
