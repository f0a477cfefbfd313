using System.Security.Cryptography;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;

namespace Detect.Analysis.Publishing;

/// <summary>
/// MMDetection's <c>tools/model_converters/publish_model.py</c>: keeps only the checkpoint's <c>meta</c> and
/// <c>state_dict</c> (or the keys asked for), dropping optimizer, message hub, schedulers and the like, saves it and
/// renames it to <c>&lt;out without .pth&gt;-&lt;first 8 hex digits of its sha256&gt;.pth</c>.
/// </summary>
/// <remarks>The file is written in torch.save's zip format (what torch ≥ 1.6 writes and reads), not the legacy format
/// MMDetection asks for; the hash is of the file as written.</remarks>
public static class ModelPublisher
{
    /// <summary>The keys kept by default.</summary>
    public static IReadOnlyList<string> DefaultSaveKeys { get; } = ["meta", "state_dict"];

    /// <summary>Publishes <paramref name="inFile"/>; returns the final path.</summary>
    /// <param name="inFile">A torch.save checkpoint (MMEngine's <c>{meta, state_dict, optimizer, message_hub, ...}</c>).</param>
    /// <param name="outFile">Where to write before the hash is appended.</param>
    /// <param name="saveKeys">Keys to keep; null: <see cref="DefaultSaveKeys"/>.</param>
    /// <param name="log">Told about each key removed.</param>
    /// <exception cref="AnalysisException">A checkpoint that is not a dict, or that keeps none of the keys.</exception>
    public static string Publish(string inFile, string outFile, IReadOnlyList<string>? saveKeys = null, Action<string>? log = null)
    {
        saveKeys ??= DefaultSaveKeys;
        var checkpoint = CheckpointLoader.Read(inFile);
        if (checkpoint.Root is not PickleDict root)
            throw new AnalysisException($"{inFile}: not a checkpoint dict ({{'meta', 'state_dict', ...}}); nothing to publish.");
        var kept = new PickleDict();
        foreach (var (key, value) in root)
        {
            if (key is string name && saveKeys.Contains(name)) kept[name] = value;
            else log?.Invoke($"Key `{key}` will be removed because it is not in save_keys. If you want to keep it, please set --save-keys.");
        }
        if (kept.Count == 0)
            throw new AnalysisException($"{inFile}: none of the keys {string.Join(", ", saveKeys)} is in the checkpoint (it has {string.Join(", ", root.Keys)}).");
        TorchCheckpointWriter.Save(outFile, kept);
        string sha;
        using (var stream = File.OpenRead(outFile)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        string stem = outFile.EndsWith(".pth", StringComparison.Ordinal) ? outFile[..^4] : outFile;
        string final = $"{stem}-{sha[..8]}.pth";
        File.Move(outFile, final, overwrite: true);
        return final;
    }
}
