using System.IO.Compression;
using System.Numerics;
using Detect.Checkpoints.Pickle;

namespace Detect.Checkpoints.Torch;

/// <summary>
/// Reads files written by <c>torch.save</c> without Python: the zip format (PyTorch ≥ 1.6: a
/// <c>data.pkl</c> pickle plus one <c>data/&lt;key&gt;</c> entry per storage) and the legacy format
/// (five pickles in a row followed by the raw storages).
/// </summary>
/// <remarks>Storages the pickle refers to are read while the file is open, so the returned objects
/// do not depend on the file afterwards.</remarks>
internal static class TorchFileReader
{
    // The legacy format opens with this number, pickled (torch/serialization.py MAGIC_NUMBER).
    static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356");

    /// <summary>Reads a zip-format torch.save file and returns its unpickled root object.</summary>
    public static object? ReadZip(string path)
    {
        using var archive = OpenZip(path);
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') <= 1)
            ?? throw new CheckpointFormatException(path, "a zip file without a data.pkl entry is not a torch.save checkpoint");
        string prefix = pickle.FullName[..^"data.pkl".Length];
        if (archive.GetEntry(prefix + "byteorder") is { } order && ReadEntry(path, order) is var o && System.Text.Encoding.ASCII.GetString(o) != "little")
            throw new CheckpointFormatException(path, "big-endian checkpoints are not supported");

        var unpickler = new TorchUnpickler(path, (key, dtype, numel) =>
        {
            string name = prefix + "data/" + key;
            var entry = archive.GetEntry(name) ?? throw new CheckpointFormatException(path, $"storage entry '{name}' is missing");
            return new TensorStorage(dtype, numel, () => ReadEntry(path, entry), $"{path}:{name}");
        });
        using var pkl = new MemoryStream(ReadEntry(path, pickle));
        var root = new PickleReader(pkl, $"{path}:{pickle.FullName}", unpickler).Load();
        foreach (var storage in unpickler.Storages.Values) _ = storage.Bytes;
        return root;
    }

    /// <summary>Reads a legacy-format (pre-1.6) torch.save file and returns its unpickled root object.</summary>
    public static object? ReadLegacy(string path)
    {
        using var file = new BufferedStream(File.OpenRead(path), 1 << 20);
        var plain = new PythonBuiltins();
        var magic = new PickleReader(file, path, plain).Load();
        if (!Equals(magic is long l ? new BigInteger(l) : magic, LegacyMagic))
            throw new CheckpointFormatException(path, "not a torch.save file (wrong magic number)");
        _ = new PickleReader(file, path, plain).Load(); // protocol version (1001)
        if (new PickleReader(file, path, plain).Load() is PickleDict sysInfo && sysInfo.GetValueOrNull("little_endian") is false)
            throw new CheckpointFormatException(path, "big-endian checkpoints are not supported");

        var data = new Dictionary<string, byte[]>();
        var declared = new Dictionary<string, TensorStorage>();
        var unpickler = new TorchUnpickler(path, (key, dtype, numel) => declared[key] = new TensorStorage(dtype, numel,
            () => data.TryGetValue(key, out var bytes) ? bytes : throw new CheckpointFormatException(path, $"storage '{key}' has no data"),
            $"{path}:storage {key}"));
        var root = new PickleReader(file, path, unpickler).Load();
        if (new PickleReader(file, path, plain).Load() is not List<object?> keys)
            throw new CheckpointFormatException(path, "the list of storage keys is missing");

        // Each storage: its element count (int64, little-endian), then the elements.
        Span<byte> count = stackalloc byte[8];
        foreach (var key in keys.Cast<string>())
        {
            if (!declared.TryGetValue(key, out var storage))
                throw new CheckpointFormatException(path, $"storage '{key}' is listed but no tensor uses it");
            file.ReadExactly(count);
            long numel = BitConverter.ToInt64(count);
            long size = numel * DTypes.ElementSize(storage.DType);
            if (size > Array.MaxLength) throw new CheckpointFormatException(path, $"storage '{key}' is larger than 2 GiB");
            var bytes = new byte[size];
            try { file.ReadExactly(bytes); }
            catch (EndOfStreamException e) { throw new CheckpointFormatException(path, $"the file ends inside storage '{key}'", e); }
            data[key] = bytes;
        }
        foreach (var storage in unpickler.Storages.Values) _ = storage.Bytes;
        return root;
    }

    static ZipArchive OpenZip(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new CheckpointFormatException(path, $"not a readable zip file ({e.Message})", e); }
    }

    static byte[] ReadEntry(string path, ZipArchiveEntry entry)
    {
        if (entry.Length > Array.MaxLength) throw new CheckpointFormatException(path, $"entry '{entry.FullName}' is larger than 2 GiB");
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        try { stream.ReadExactly(bytes); }
        catch (EndOfStreamException e) { throw new CheckpointFormatException(path, $"entry '{entry.FullName}' is truncated", e); }
        return bytes;
    }
}
