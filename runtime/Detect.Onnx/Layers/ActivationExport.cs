using Detect.Models.Layers;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Detect.Onnx.Layers;

/// <summary>Activations and the identity: <c>Relu</c>, <c>LeakyRelu</c>, <c>Clip</c> (ReLU6), <c>Sigmoid</c>, <c>Tanh</c>, <c>Identity</c>.</summary>
public sealed class ActivationExport : IModuleExport
{
    /// <inheritdoc/>
    public bool Handles(nn.Module module) => module is ReLU or LeakyRelu or ReLU6 or Sigmoid or Tanh or Identity;

    /// <inheritdoc/>
    public IReadOnlyList<string> Emit(ExportContext context, nn.Module module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var x = inputs[0];
        return [module switch
        {
            ReLU => g.Node("Relu", path, [x]),
            LeakyRelu leaky => g.Node("LeakyRelu", path, [x], OnnxAttributes.Float("alpha", leaky.NegativeSlope)),
            ReLU6 => g.Node("Clip", path, [x, g.Floats($"{path}.min", [0f]), g.Floats($"{path}.max", [6f])]),
            Sigmoid => g.Node("Sigmoid", path, [x]),
            Tanh => g.Node("Tanh", path, [x]),
            _ => x,
        }];
    }
}
