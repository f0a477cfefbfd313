using Detect.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Distributed.Worker;

/// <summary>
/// linear 108→16, a norm over the 16 features, ReLU, linear 16→2 on flattened 3×6×6 inputs. With GroupNorm(4, 16) the
/// statistics are per sample, so a batch's gradient is the mean of its samples' and 2 ranks × 2 equal 1 rank × 4; with
/// SyncBN the statistics are the whole batch's, which 2 ranks × 2 reproduce only if SyncBN really synchronises.
/// </summary>
sealed class TinyNormNet : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> body = nn.Linear(108, 16);
    readonly nn.Module<Tensor, Tensor> norm;
    readonly nn.Module<Tensor, Tensor> head = nn.Linear(16, 2);

    /// <param name="kind"><c>gn</c> (GroupNorm) or <c>syncbn</c> (<see cref="SyncBatchNorm2d"/>).</param>
    public TinyNormNet(string kind) : base(nameof(TinyNormNet))
    {
        norm = kind switch
        {
            "gn" => nn.GroupNorm(4, 16),
            "syncbn" => new SyncBatchNorm2d(16),
            _ => throw new ArgumentException($"unknown norm '{kind}' (gn or syncbn)", nameof(kind)),
        };
        RegisterComponents();
        // TorchSharp 0.107's GroupNorm leaves its affine parameters uninitialised (PyTorch: ones and zeros).
        using var noGrad = no_grad();
        foreach (var (name, p) in norm.named_parameters()) _ = name == "weight" ? p.fill_(1) : p.zero_(); // in place: the result is p itself
    }

    // Both norms get the features as N×16×1×1 (GroupNorm takes any trailing axes, BatchNorm2d wants four).
    public override Tensor forward(Tensor x) =>
        head.call(nn.functional.relu(norm.call(body.call(x.flatten(1)).view(-1, 16, 1, 1)).flatten(1)));
}
