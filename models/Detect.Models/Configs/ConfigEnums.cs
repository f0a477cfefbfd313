namespace Detect.Config;

/// <summary>ResNet <c>style</c>: where the stride-2 convolution of a bottleneck sits.</summary>
public enum ResNetStyle
{
    /// <summary>'pytorch': on the 3×3 convolution.</summary>
    Pytorch,
    /// <summary>'caffe': on the first 1×1 convolution.</summary>
    Caffe,
}

/// <summary>FPN <c>add_extra_convs</c>: what the extra levels' convolutions read (None: max pooling instead).</summary>
public enum ExtraConvs
{
    /// <summary>False: extra levels by max pooling.</summary>
    None,
    /// <summary>'on_input': the last backbone input.</summary>
    OnInput,
    /// <summary>'on_lateral': the last lateral output.</summary>
    OnLateral,
    /// <summary>'on_output': the last FPN output.</summary>
    OnOutput,
}
