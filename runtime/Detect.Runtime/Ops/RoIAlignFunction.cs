using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// Puts the managed RoIAlign kernels into the autograd graph: forward pools, backward scatters the
/// pooled gradient back onto the feature map. RoIs get no gradient (as in torchvision).
/// </summary>
/// <remarks>Arguments: features (N×C×H×W CPU), rois (K×5, same dtype, contiguous), <see cref="RoIAlignArgs"/>.</remarks>
internal sealed class RoIAlignFunction : autograd.SingleTensorFunction<RoIAlignFunction>
{
    public override string Name => "RoIAlign";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var features = (Tensor)vars[0];
        var rois = (Tensor)vars[1];
        var args = (RoIAlignArgs)vars[2];
        ctx.save_for_backward([rois]);
        ctx.save_data("args", args);
        ctx.save_data("shape", features.shape);
        return RoIAlignCpuKernel.Forward(features.contiguous(), rois, args);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var rois = ctx.get_saved_variables()[0];
        var args = (RoIAlignArgs)ctx.get_data("args");
        var shape = (long[])ctx.get_data("shape");
        return [RoIAlignCpuKernel.Backward(grad_output, rois, shape, args), null!, null!];
    }
}
