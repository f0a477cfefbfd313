using Detect.Checkpoints.Pickle;
using Detect.Checkpoints.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Checkpoints;

/// <summary>
/// Reads checkpoints in any supported format and loads them into modules by name, as MMEngine's
/// <c>load_checkpoint</c> / <c>load_state_dict</c> do.
/// </summary>
/// <example>
/// <code>
/// var report = CheckpointLoader.LoadCheckpoint(detector, "retinanet_r50_fpn_1x_coco.pth");
/// Console.WriteLine(report);  // missing / unexpected keys, shape mismatches
/// </code>
/// </example>
public static class CheckpointLoader
{
    /// <summary>MMEngine's default <c>revise_keys</c>: strip the <c>module.</c> prefix of (Distributed)DataParallel.</summary>
    public static IReadOnlyList<(string Pattern, string Replacement)> DefaultReviseKeys { get; } = [(@"^module\.", "")];

    /// <summary>Tells the format from the file's first bytes.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="CheckpointFormatException">Not a torch.save, pickle (protocol 2-5) or safetensors file.</exception>
    public static CheckpointFormat DetectFormat(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint {path} does not exist", path);
        Span<byte> head = stackalloc byte[16];
        int n;
        using (var file = File.OpenRead(path)) n = file.Read(head);
        head = head[..n];
        if (head.StartsWith("PK\x03\x04"u8)) return CheckpointFormat.TorchZip;
        if (head.Length >= 3 && head[0] == 0x80 && head[2] == 0x8a) return CheckpointFormat.TorchLegacy; // PROTO, LONG1 magic
        if (SafeTensors.LooksLikeSafeTensors(head)) return CheckpointFormat.SafeTensors;
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5) return CheckpointFormat.Pickle; // PROTO 2-5
        throw new CheckpointFormatException(path, "not a checkpoint Detect can read (expected a torch.save zip or legacy file, a pickle, or safetensors)");
    }

    /// <summary>Reads a checkpoint of any supported format: a file, or a zoo name or URL found in the local
    /// cache (<see cref="CheckpointCache.Resolve"/>: <c>torchvision://resnet50</c>, <c>open-mmlab://...</c>, <c>https://.../x.pth</c>).</summary>
    /// <exception cref="FileNotFoundException">No such file; for a zoo name or URL, the message says which file to put where.</exception>
    public static Checkpoint Read(string checkpoint)
    {
        string path = CheckpointCache.Resolve(checkpoint);
        var format = DetectFormat(path);
        switch (format)
        {
            case CheckpointFormat.SafeTensors:
                var contents = SafeTensors.Read(path);
                var root = new PickleDict();
                foreach (var (key, tensor) in contents.Tensors) root[key] = tensor;
                return new Checkpoint(path, format, root, contents.Metadata);
            case CheckpointFormat.TorchLegacy:
                return new Checkpoint(path, format, TorchFileReader.ReadLegacy(path));
            case CheckpointFormat.Pickle:
                using (var file = new BufferedStream(File.OpenRead(path), 1 << 20))
                    return new Checkpoint(path, format, NumpyArrays.Rebuild(new PickleReader(file, path, new PythonBuiltins()).Load(), path));
            default:
                return new Checkpoint(path, format, TorchFileReader.ReadZip(path));
        }
    }

    /// <summary>
    /// Loads a checkpoint's weights (its <c>state_dict</c> entry, or the root for a bare state dict)
    /// into <paramref name="module"/> after renaming keys by <paramref name="reviseKeys"/>.
    /// </summary>
    /// <param name="module">The module whose parameters and buffers receive the tensors.</param>
    /// <param name="path">The checkpoint.</param>
    /// <param name="strict">MMEngine's <c>strict</c>: throw, loading nothing, unless the keys match exactly.</param>
    /// <param name="reviseKeys">MMEngine's <c>revise_keys</c>; <see cref="DefaultReviseKeys"/> when null.</param>
    public static LoadReport LoadCheckpoint(nn.Module module, string path, bool strict = false,
        IEnumerable<(string Pattern, string Replacement)>? reviseKeys = null)
    {
        var state = Read(path).StateDict;
        foreach (var (pattern, replacement) in reviseKeys ?? DefaultReviseKeys) state = state.ReviseKeys(pattern, replacement);
        return LoadStateDict(module, state, strict);
    }

    /// <summary>
    /// Copies the tensors of <paramref name="state"/> into <paramref name="module"/>'s parameters and
    /// buffers of the same names (converting dtype and device as <c>copy_</c> does).
    /// </summary>
    /// <exception cref="CheckpointMismatchException">With <paramref name="strict"/>, when any key is missing,
    /// unexpected or mis-shaped; the module is then left untouched.</exception>
    public static LoadReport LoadStateDict(nn.Module module, StateDict state, bool strict = false)
    {
        var targets = module.state_dict();
        var ignoring = module.named_modules()
            .Where(m => m.module is IIgnoresCheckpointKeys)
            .Select(m => (Prefix: m.name.Length == 0 ? "" : m.name + ".", Module: (IIgnoresCheckpointKeys)m.module))
            .ToList();

        var mismatched = new List<ShapeMismatch>();
        var toLoad = new List<(string Key, Tensor Target)>();
        foreach (var (key, target) in targets)
        {
            if (!state.TryGetValue(key, out var stored)) continue;
            if (stored.Shape.SequenceEqual(target.shape)) toLoad.Add((key, target));
            else mismatched.Add(new ShapeMismatch(key, stored.Shape, target.shape));
        }
        var missing = targets.Keys.Where(k => !state.ContainsKey(k) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k) && !ignoring.Any(i =>
            k.StartsWith(i.Prefix, StringComparison.Ordinal) && i.Module.IgnoresCheckpointKey(k[i.Prefix.Length..]))).ToList();

        var report = new LoadReport(state.Source, toLoad.Count, missing, unexpected, mismatched);
        if (strict && !report.IsExactMatch) throw new CheckpointMismatchException(report);

        using (no_grad())
        {
            foreach (var (key, target) in toLoad)
            {
                using var scope = NewDisposeScope();
                target.copy_(state.ToTensor(key, target.device));
            }
        }
        MarkInitialized(module, toLoad.Select(t => t.Key));
        return report;
    }

    // A module that received weights from a checkpoint is initialized: its Pretrained init_cfg must not overwrite them later.
    static void MarkInitialized(nn.Module module, IEnumerable<string> loadedKeys)
    {
        var keys = loadedKeys.ToList();
        foreach (var (name, m) in module.named_modules().Prepend(("", module)))
            if (m is IPretrainedModule pretrained && (name.Length == 0 ? keys.Count > 0 : keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal))))
                pretrained.IsInit = true;
    }
}
