namespace Detect.Checkpoints;

/// <summary>The checkpoint file formats Detect reads.</summary>
public enum CheckpointFormat
{
    /// <summary><c>torch.save</c> of PyTorch ≥ 1.6: a zip holding a pickle and the storages.</summary>
    TorchZip,

    /// <summary><c>torch.save</c> of PyTorch &lt; 1.6 (MMDetection V1, pycls): pickles then raw storages.</summary>
    TorchLegacy,

    /// <summary>safetensors: a JSON header and the raw tensors; also Detect's own format.</summary>
    SafeTensors,
}
