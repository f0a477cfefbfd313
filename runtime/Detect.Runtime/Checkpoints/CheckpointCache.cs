namespace Detect.Checkpoints;

/// <summary>
/// Where a checkpoint name is found on this machine. MMEngine's checkpoint schemes, resolved without a
/// network: <c>torchvision://NAME</c> (also the old <c>modelzoo://</c>) and <c>open-mmlab://NAME</c> (or
/// <c>openmmlab://</c>) name a download URL (<see cref="ModelZooUrls"/>), and a URL's file is looked up where
/// torch.hub caches downloads, <see cref="Folder"/> (<c>$TORCH_HOME/hub/checkpoints</c>); anything else is a
/// local path, used as it is (<c>~</c> expanded). Detect never downloads: a file that is not there is an error
/// that names it, the folder and the URL to fetch it from.
/// </summary>
/// <example><c>CheckpointCache.Resolve("torchvision://resnet50")</c> →
/// <c>/home/me/.cache/torch/hub/checkpoints/resnet50-0676ba61.pth</c>.</example>
public static class CheckpointCache
{
    /// <summary>
    /// torch.hub's checkpoint folder: <c>$TORCH_HOME/hub/checkpoints</c>; without <c>TORCH_HOME</c>,
    /// <c>$XDG_CACHE_HOME/torch/hub/checkpoints</c>, and without that <c>~/.cache/torch/hub/checkpoints</c>.
    /// </summary>
    public static string Folder => Path.Combine(CacheHome("TORCH_HOME", "torch"), "hub", "checkpoints");

    /// <summary>The download URL a checkpoint name stands for, or null for a local path.</summary>
    /// <exception cref="FileNotFoundException">A <c>torchvision://</c> or <c>open-mmlab://</c> name that the tables do not know.</exception>
    public static string? DownloadUrl(string checkpoint)
    {
        if (IsUrl(checkpoint)) return checkpoint;
        if (Scheme(checkpoint, "torchvision://", "modelzoo://") is { } tv) return Lookup(ModelZooUrls.Torchvision, tv, checkpoint, "torchvision");
        if (Scheme(checkpoint, "open-mmlab://", "openmmlab://") is { } mm)
        {
            string name = ModelZooUrls.OpenMMLabDeprecated.GetValueOrDefault(mm, mm);
            return Lookup(ModelZooUrls.OpenMMLab, name, checkpoint, "OpenMMLab");
        }
        return null;
    }

    /// <summary>The local file for <paramref name="checkpoint"/>: a zoo name or URL → its file in <see cref="Folder"/>; a path → itself.</summary>
    /// <exception cref="FileNotFoundException">A zoo name or URL whose file is not in the cache (the message says where to put which file),
    /// or a name the tables do not know.</exception>
    public static string Resolve(string checkpoint)
    {
        if (DownloadUrl(checkpoint) is not { } url) return ExpandHome(checkpoint);
        // MMEngine keeps a zoo entry that is not a URL as a path under MMENGINE_HOME.
        if (!IsUrl(url)) return Existing(Path.Combine(CacheHome("MMENGINE_HOME", "mmengine"), url), checkpoint, url);
        string file = Path.GetFileName(new Uri(url).AbsolutePath);
        return Existing(Path.Combine(Folder, file), checkpoint, url);
    }

    static string Existing(string path, string checkpoint, string url)
    {
        if (File.Exists(path)) return path;
        string source = IsUrl(url) ? $"download it from {url}" : $"MMEngine's zoo lists it as {url}";
        throw new FileNotFoundException(
            $"Checkpoint {checkpoint} is not on this machine: put {Path.GetFileName(path)} into {Path.GetDirectoryName(path)} ({source}). " +
            "That folder is torch.hub's cache, $TORCH_HOME/hub/checkpoints (~/.cache/torch/hub/checkpoints without TORCH_HOME); " +
            "Detect does not download checkpoints.", path);
    }

    static string Lookup(IReadOnlyDictionary<string, string> table, string name, string checkpoint, string zoo)
    {
        if (table.TryGetValue(name, out var url)) return url;
        // Names sharing everything before the first digit (resnet05 -> resnet18, resnet50 ...), variants of a listed name left out.
        string stem = new([.. name.TakeWhile(c => !char.IsDigit(c))]);
        var near = table.Keys.Where(k => stem.Length > 0 && k.StartsWith(stem, StringComparison.Ordinal)
            && !(k.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot && table.ContainsKey(k[..dot]))).Take(12).ToList();
        throw new FileNotFoundException($"{checkpoint} is not among {zoo}'s checkpoint names" +
            (near.Count > 0 ? $"; names like it: {string.Join(", ", near)}." : "."), checkpoint);
    }

    static string? Scheme(string checkpoint, params string[] prefixes) =>
        prefixes.FirstOrDefault(p => checkpoint.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? checkpoint[prefix.Length..] : null;

    static bool IsUrl(string s) => s.StartsWith("http://", StringComparison.Ordinal) || s.StartsWith("https://", StringComparison.Ordinal);

    // torch.hub's _get_torch_home and MMEngine's _get_mmengine_home: $VARIABLE, else $XDG_CACHE_HOME/<name>, else ~/.cache/<name>.
    static string CacheHome(string variable, string name) => ExpandHome(Environment.GetEnvironmentVariable(variable) is { Length: > 0 } home
        ? home
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : "~/.cache", name));

    static string ExpandHome(string path) => path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
        : path;
}
