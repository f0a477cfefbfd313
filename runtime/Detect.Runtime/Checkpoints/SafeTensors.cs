using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Checkpoints;

/// <summary>
/// The safetensors format, read and written: an 8-byte little-endian header length, a JSON header
/// (<c>{"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {string: string}}</c>), then the
/// tensors' raw little-endian bytes, back to back.
/// </summary>
/// <remarks>
/// <see cref="Save(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>
/// writes through <see cref="AtomicFile"/>: the file appears complete or not at all. Detect's training
/// engine saves its checkpoints (model, optimizer, scheduler, iteration, RNG, config) with it.
/// </remarks>
public static class SafeTensors
{
    const string MetadataKey = "__metadata__";
    const long MaxHeaderBytes = 100L << 20;

    /// <summary>A safetensors file's tensors (read lazily from the file) and its metadata.</summary>
    public sealed record Contents(StateDict Tensors, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>Reads the header of <paramref name="path"/>; each tensor's bytes are read on first use.</summary>
    /// <exception cref="CheckpointFormatException">The header is malformed, or offsets overlap, leave gaps or overrun the file.</exception>
    public static Contents Read(string path)
    {
        long fileLength = new FileInfo(path).Length;
        long headerLength;
        byte[] header;
        using (var file = File.OpenRead(path))
        {
            var prefix = new byte[8];
            if (file.Read(prefix) != 8) throw new CheckpointFormatException(path, "too short for a safetensors file");
            headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > MaxHeaderBytes || 8 + headerLength > fileLength)
                throw new CheckpointFormatException(path, $"safetensors header length {headerLength} does not fit the file ({fileLength} bytes)");
            header = new byte[headerLength];
            file.ReadExactly(header);
        }

        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new CheckpointFormatException(path, $"safetensors header is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            long dataStart = 8 + headerLength;
            var metadata = new Dictionary<string, string>();
            var entries = new List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (var m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String
                            ? m.Value.GetString()!
                            : throw new CheckpointFormatException(path, $"metadata '{m.Name}' is not a string");
                    continue;
                }
                entries.Add(ParseEntry(path, property));
            }

            // The data buffer must be covered exactly: sorted by offset, no gaps, no overlaps.
            long expected = 0;
            foreach (var e in entries.OrderBy(e => e.Begin))
            {
                if (e.Begin != expected)
                    throw new CheckpointFormatException(path, $"tensor '{e.Name}' starts at byte {e.Begin} of the data, expected {expected} (gap or overlap)");
                expected = e.End;
            }
            if (dataStart + expected != fileLength)
                throw new CheckpointFormatException(path, $"the tensors cover {expected} data bytes but the file has {fileLength - dataStart}");

            var tensors = new StateDict(path);
            foreach (var (name, dtype, shape, begin, end) in entries)
            {
                long count = shape.Aggregate(1L, (a, b) => a * b);
                var storage = new TensorStorage(dtype, count, () => ReadRange(path, dataStart + begin, end - begin), $"{path}:{name}");
                tensors[name] = new StoredTensor(storage, 0, shape, StoredTensor.ContiguousStrides(shape));
            }
            return new Contents(tensors, metadata);
        }
    }

    /// <summary>Writes TorchSharp tensors (any device; written from CPU copies) atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Name to tensor, written in this order.</param>
    /// <param name="metadata">Optional string to string metadata (<c>__metadata__</c>).</param>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(path, tensors.Select(p => new Entry(p.Key, p.Value.dtype, p.Value.shape, s => TensorBytes.WriteTo(p.Value, s))).ToList(), metadata);

    /// <summary>Writes a <see cref="StateDict"/> atomically, without converting through TorchSharp when a tensor is contiguous.</summary>
    public static void Save(string path, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(path, tensors.Select(p => new Entry(p.Key, p.Value.DType, p.Value.Shape, s => WriteStored(p.Key, p.Value, s))).ToList(), metadata);

    sealed record Entry(string Name, ScalarType DType, long[] Shape, Action<Stream> WriteData)
    {
        public long ByteCount => Shape.Aggregate(1L, (a, b) => a * b) * DTypes.ElementSize(DType);
    }

    static void Write(string path, List<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var duplicate = entries.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{path}: tensor name '{duplicate.Key}' appears twice");
        if (entries.Any(e => e.Name == MetadataKey)) throw new ArgumentException($"{path}: '{MetadataKey}' cannot name a tensor");

        var header = Header(entries, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var entry in entries)
            {
                long before = stream.Position;
                entry.WriteData(stream);
                if (stream.Position - before != entry.ByteCount)
                    throw new InvalidOperationException($"{path}: tensor '{entry.Name}' wrote {stream.Position - before} bytes, expected {entry.ByteCount}");
            }
        });
    }

    // JSON header, padded with spaces so that the data starts 8-byte aligned (as the reference writer does).
    static byte[] Header(List<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var e in entries)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", SafeTensorsDTypes.CodeOf(e.DType));
                json.WriteStartArray("shape");
                foreach (var d in e.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += e.ByteCount);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 8 + 7) / 8 * 8 - 8);
        var header = new byte[padded];
        Array.Fill(header, (byte)' ');
        buffer.ToArray().CopyTo(header, 0);
        return header;
    }

    static void WriteStored(string key, StoredTensor tensor, Stream stream)
    {
        bool contiguous = tensor.Strides.SequenceEqual(StoredTensor.ContiguousStrides(tensor.Shape));
        if (contiguous)
        {
            int size = DTypes.ElementSize(tensor.DType);
            stream.Write(tensor.Storage.Bytes.AsSpan(checked((int)(tensor.StorageOffset * size)), checked((int)(tensor.NumElements * size))));
            return;
        }
        using var t = tensor.ToTensor(name: key);
        TensorBytes.WriteTo(t, stream);
    }

    static (string, ScalarType, long[], long, long) ParseEntry(string path, JsonProperty property)
    {
        string name = property.Name;
        try
        {
            var v = property.Value;
            string code = v.GetProperty("dtype").GetString()!;
            if (!SafeTensorsDTypes.TryGetDType(code, out var dtype))
                throw new CheckpointFormatException(path, $"tensor '{name}' has unsupported dtype {code}");
            long[] shape = [.. v.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
            long[] offsets = [.. v.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
            long bytes = shape.Aggregate(1L, (a, b) => a * b) * DTypes.ElementSize(dtype);
            if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[1] - offsets[0] != bytes)
                throw new CheckpointFormatException(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {code} needs {bytes} bytes, data_offsets are [{string.Join(", ", offsets)}]");
            return (name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}' has a malformed header entry: {e.Message}", e);
        }
    }

    static byte[] ReadRange(string path, long offset, long count)
    {
        if (count > Array.MaxLength) throw new CheckpointFormatException(path, $"a tensor of {count} bytes is larger than 2 GiB");
        using var file = File.OpenRead(path);
        file.Position = offset;
        var bytes = new byte[count];
        file.ReadExactly(bytes);
        return bytes;
    }

    internal static bool LooksLikeSafeTensors(ReadOnlySpan<byte> head) =>
        head.Length >= 9 && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is > 1 and <= MaxHeaderBytes;
}
