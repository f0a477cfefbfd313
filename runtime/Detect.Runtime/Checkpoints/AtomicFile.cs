using System.Runtime.InteropServices;

namespace Detect.Checkpoints;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one, never a part:
/// the bytes go to a temporary file in the same folder, are flushed to disk (fsync), and the
/// temporary file is renamed over the target (atomic on one file system); then the folder is synced.
/// </summary>
/// <remarks>If writing fails or is interrupted by an exception, the temporary file is deleted and the
/// target is left as it was. A crash of the process can leave a <c>.*.tmp</c> file next to the target,
/// but never a truncated target.</remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with what <paramref name="write"/> puts into the stream.</summary>
    /// <param name="path">The file to create or replace; its folder is created if missing.</param>
    /// <param name="write">Writes the content; the stream is flushed, synced and closed afterwards.</param>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        SyncFolder(folder);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // The rename is durable only once the folder's entry is on disk. Best effort: some file systems
    // refuse fsync on folders, and the data itself is already synced.
    static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Native.open(folder, Native.ReadOnlyDirectory);
        if (fd < 0) return;
        _ = Native.fsync(fd);
        _ = Native.close(fd);
    }

    static class Native
    {
        public const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
