using TorchSharp;

namespace Detect.Checkpoints;

/// <summary>
/// MMEngine's <c>init_cfg=dict(type='Pretrained', checkpoint=..., prefix=...)</c>: initialize a module
/// from a checkpoint, non-strictly, optionally from the sub-tree under <paramref name="prefix"/>.
/// </summary>
/// <param name="checkpoint">MMEngine's <c>checkpoint</c>: a file (torch.save or safetensors), a zoo name
/// (<c>torchvision://resnet50</c>, <c>open-mmlab://detectron/resnet50_caffe</c>) or a URL, the last two found in
/// the local cache (<see cref="CheckpointCache"/>).</param>
/// <param name="prefix">MMEngine's <c>prefix</c>: load only keys starting with it, with it removed
/// (e.g. <c>backbone.</c> to take a detector's backbone); null loads the whole state dict after
/// stripping DataParallel's <c>module.</c>.</param>
public sealed class PretrainedInit(string checkpoint, string? prefix = null)
{
    /// <summary>The checkpoint: a file, a zoo name or a URL.</summary>
    public string Checkpoint { get; } = checkpoint;

    /// <summary>The key prefix to select and strip, or null.</summary>
    public string? Prefix { get; } = prefix;

    /// <summary>Loads the weights into <paramref name="module"/> and returns what matched.</summary>
    public LoadReport Apply(torch.nn.Module module) => Prefix is null
        ? CheckpointLoader.LoadCheckpoint(module, Checkpoint)
        : CheckpointLoader.LoadStateDict(module, CheckpointLoader.Read(Checkpoint).StateDict.WithPrefix(Prefix));

    /// <inheritdoc/>
    public override string ToString() => Prefix is null ? $"Pretrained({Checkpoint})" : $"Pretrained({Checkpoint}, prefix={Prefix})";
}
