namespace Detect.Checkpoints;

/// <summary>The checkpoint file formats Detect reads.</summary>
public enum CheckpointFormat
{
    /// <summary><c>torch.save</c> of PyTorch ≥ 1.6: a zip holding a pickle and the storages.</summary>
    TorchZip,

    /// <summary><c>torch.save</c> of PyTorch &lt; 1.6 (MMDetection V1, pycls): pickles then raw storages.</summary>
    TorchLegacy,

    /// <summary>A plain pickle (<c>pickle.dump</c>) of a dict holding numpy arrays: the Detectron2 model zoo's <c>.pkl</c>.</summary>
    Pickle,

    /// <summary>safetensors: a JSON header and the raw tensors; also Detect's own format.</summary>
    SafeTensors,
}
