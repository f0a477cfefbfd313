using TorchSharp;
using static TorchSharp.torch.nn.init;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>Whether an initializer draws from a normal or a uniform distribution.</summary>
public enum Distribution
{
    /// <summary>Normal.</summary>
    Normal,

    /// <summary>Uniform.</summary>
    Uniform,
}

/// <summary>
/// MMCV / MMEngine's weight initializers (<c>constant_init</c>, <c>xavier_init</c>, <c>normal_init</c>,
/// <c>uniform_init</c>, <c>kaiming_init</c>, <c>caffe2_xavier_init</c>, <c>bias_init_with_prob</c>):
/// each sets a module's own <c>weight</c> and fills its <c>bias</c> with a constant, where they exist.
/// </summary>
public static class WeightInit
{
    /// <summary><c>constant_init(module, val, bias)</c>.</summary>
    public static void ConstantInit(nn.Module module, double val, double bias = 0)
    {
        using var value = val.ToScalar();
        Init(module, w => constant_(w, value), bias);
    }

    /// <summary><c>xavier_init(module, gain, bias, distribution)</c>; MMCV's default distribution is normal.</summary>
    public static void XavierInit(nn.Module module, double gain = 1, double bias = 0, Distribution distribution = Distribution.Normal) =>
        Init(module, w => distribution == Distribution.Uniform ? xavier_uniform_(w, gain) : xavier_normal_(w, gain), bias);

    /// <summary><c>normal_init(module, mean, std, bias)</c>.</summary>
    public static void NormalInit(nn.Module module, double mean = 0, double std = 1, double bias = 0) =>
        Init(module, w => normal_(w, mean, std), bias);

    /// <summary><c>uniform_init(module, a, b, bias)</c>.</summary>
    public static void UniformInit(nn.Module module, double a = 0, double b = 1, double bias = 0) =>
        Init(module, w => uniform_(w, a, b), bias);

    /// <summary>
    /// <c>kaiming_init(module, a, mode, nonlinearity, bias, distribution)</c>; MMCV's defaults: fan_out,
    /// relu, normal (ConvModule's initialization).
    /// </summary>
    public static void KaimingInit(nn.Module module, double a = 0, FanInOut mode = FanInOut.FanOut,
        NonlinearityType nonlinearity = NonlinearityType.ReLU, double bias = 0, Distribution distribution = Distribution.Normal) =>
        Init(module, w => distribution == Distribution.Uniform ? kaiming_uniform_(w, a, mode, nonlinearity) : kaiming_normal_(w, a, mode, nonlinearity), bias);

    /// <summary><c>caffe2_xavier_init</c>: Caffe2's XavierFill, i.e. kaiming uniform, a=1, fan_in, leaky_relu.</summary>
    public static void Caffe2XavierInit(nn.Module module, double bias = 0) =>
        KaimingInit(module, 1, FanInOut.FanIn, NonlinearityType.LeakyReLU, bias, Distribution.Uniform);

    /// <summary>
    /// <c>bias_init_with_prob(prior_prob)</c>: the bias that makes a sigmoid output <paramref name="priorProb"/>,
    /// −log((1 − p) / p); RetinaNet's classifier uses p = 0.01.
    /// </summary>
    public static double BiasInitWithProb(double priorProb) => -Math.Log((1 - priorProb) / priorProb);

    // The module's own weight / bias, parameters or buffers (FrozenBatchNorm2d holds them as buffers).
    static void Init(nn.Module module, Func<Tensor, Tensor> initWeight, double bias)
    {
        using var noGrad = no_grad();
        if (Own(module, "weight") is { } w) initWeight(w);
        using var biasValue = bias.ToScalar();
        if (Own(module, "bias") is { } b) constant_(b, biasValue);
    }

    static Tensor? Own(nn.Module module, string name) =>
        module.named_parameters(recurse: false).Where(p => p.name == name).Select(p => (Tensor)p.parameter).FirstOrDefault()
        ?? module.named_buffers(recurse: false).Where(b => b.name == name).Select(b => b.buffer).FirstOrDefault();
}
