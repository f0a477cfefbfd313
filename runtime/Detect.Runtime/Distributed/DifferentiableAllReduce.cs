using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Distributed;

/// <summary>
/// An all-reduce (sum over ranks) that autograd can go through, as PyTorch's <c>torch.distributed.nn.all_reduce</c>:
/// the forward pass sums the tensor over every rank, the backward pass sums the incoming gradient over every rank.
/// Every rank uses the one reduced value, so the gradient of the total loss with respect to a rank's contribution is
/// the sum of every rank's gradient — what SyncBN's statistics need. Every rank must call it in the same order.
/// </summary>
public static class DifferentiableAllReduce
{
    /// <summary>The sum of <paramref name="tensor"/> over all ranks of <see cref="DistributedContext.Current"/> (a new tensor).</summary>
    public static Tensor Sum(Tensor tensor) => SumFunction.apply(tensor);

    sealed class SumFunction : autograd.SingleTensorFunction<SumFunction>
    {
        public override string Name => "DifferentiableAllReduceSum";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => Reduced((Tensor)vars[0]);

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) => [Reduced(grad_output)];

        static Tensor Reduced(Tensor t)
        {
            var sum = t.detach().contiguous().clone();
            DistributedContext.Current.AllReduceSum([sum]);
            return sum;
        }
    }
}
