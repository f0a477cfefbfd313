namespace Detect.Checkpoints;

/// <summary>A checkpoint file that cannot be read: not a known format, truncated, or malformed.</summary>
/// <remarks>The message always names the file and, where there is one, the entry or key at fault.</remarks>
public sealed class CheckpointFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointFormatException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner) => Path = path;

    /// <summary>The file that could not be read.</summary>
    public string Path { get; }
}
