using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Distributed.Worker;

/// <summary>
/// linear 108→16, GroupNorm(4, 16), ReLU, linear 16→2 on flattened 3×6×6 inputs: per-sample statistics
/// only, so a batch's gradient is the mean of its samples' gradients and 2 ranks × 2 equal 1 rank × 4.
/// </summary>
sealed class TinyGroupNormNet : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> body = nn.Linear(108, 16);
    readonly nn.Module<Tensor, Tensor> norm = nn.GroupNorm(4, 16);
    readonly nn.Module<Tensor, Tensor> head = nn.Linear(16, 2);

    public TinyGroupNormNet() : base(nameof(TinyGroupNormNet))
    {
        RegisterComponents();
        // TorchSharp 0.107's GroupNorm leaves its affine parameters uninitialised (PyTorch: ones and zeros).
        using var noGrad = no_grad();
        foreach (var (name, p) in norm.named_parameters()) _ = name == "weight" ? p.fill_(1) : p.zero_(); // in place: the result is p itself
    }

    // TorchSharp's GroupNorm wants (N, C, L): the features get a length-1 axis around it.
    public override Tensor forward(Tensor x) => head.call(nn.functional.relu(norm.call(body.call(x.flatten(1)).unsqueeze(-1)).squeeze(-1)));
}
