using System.Text;
using Detect.Checkpoints;

namespace Detect.Engine;

/// <summary>
/// The files a run keeps in its work dir: checkpoints (<c>epoch_N.pth</c>, <c>iter_N.pth</c>) and
/// <c>last_checkpoint</c>, MMEngine's one-line pointer to the newest one. Both are written
/// atomically, the pointer after its checkpoint, so a run killed at any moment leaves a pointer to a
/// complete checkpoint (or none).
/// </summary>
public static class CheckpointFiles
{
    /// <summary>The pointer file's name.</summary>
    public const string PointerName = "last_checkpoint";

    /// <summary>Points <c>last_checkpoint</c> at <paramref name="checkpointPath"/>.</summary>
    public static void WritePointer(string workDir, string checkpointPath) =>
        AtomicFile.WriteAllBytes(Path.Combine(workDir, PointerName), Encoding.UTF8.GetBytes(Path.GetFullPath(checkpointPath)));

    /// <summary>
    /// The checkpoint to resume from (MMEngine's <c>find_latest_checkpoint</c>): the pointer's target;
    /// when the pointer is missing or its target is gone, the checkpoint with the highest step number.
    /// Null when the work dir has none.
    /// </summary>
    public static string? FindLatest(string workDir)
    {
        string pointer = Path.Combine(workDir, PointerName);
        if (File.Exists(pointer))
        {
            string target = File.ReadAllText(pointer).Trim();
            if (target.Length > 0 && !Path.IsPathRooted(target)) target = Path.Combine(workDir, target);
            if (File.Exists(target)) return target;
        }
        if (!Directory.Exists(workDir)) return null;
        return Directory.EnumerateFiles(workDir, "*.pth")
            .Select(path => (path, step: StepOf(Path.GetFileNameWithoutExtension(path))))
            .Where(p => p.step is not null)
            .OrderByDescending(p => p.step!.Value.Kind == "epoch" ? 1 : 0).ThenByDescending(p => p.step!.Value.Step)
            .Select(p => p.path)
            .FirstOrDefault();
    }

    /// <summary>Deletes temporary files left by writes a killed process never finished (<c>.name.*.tmp</c>); returns how many.</summary>
    public static int RemoveStaleTemporaries(string workDir)
    {
        if (!Directory.Exists(workDir)) return 0;
        int removed = 0;
        foreach (var path in Directory.EnumerateFiles(workDir, ".*.tmp"))
        {
            try { File.Delete(path); removed++; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    static (string Kind, int Step)? StepOf(string name)
    {
        int underscore = name.IndexOf('_');
        if (underscore < 0) return null;
        string kind = name[..underscore];
        return kind is "epoch" or "iter" && int.TryParse(name[(underscore + 1)..], out int step) ? (kind, step) : null;
    }
}
