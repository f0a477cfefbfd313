using System.Buffers.Binary;
using System.Collections;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using Detect.Checkpoints.Pickle;
using Detect.Checkpoints.Torch;
using TorchSharp;

namespace Detect.Checkpoints;

/// <summary>
/// Writes files that Python's <c>torch.load</c> reads: the zip format of <c>torch.save</c> with a
/// protocol-2 pickle, so converted weights can go back to MMDetection or torchvision.
/// </summary>
/// <remarks>
/// The object tree may hold null, booleans, integers, doubles, strings, byte arrays, dictionaries with
/// string keys (<see cref="IDictionary"/>), <see cref="StateDict"/>s (written as OrderedDicts),
/// <see cref="PickleTuple"/>s, lists, and tensors (TorchSharp <see cref="torch.Tensor"/> or
/// <see cref="StoredTensor"/>), each tensor written contiguously on a storage of its own. The file is
/// written through <see cref="AtomicFile"/>.
/// </remarks>
public static class TorchCheckpointWriter
{
    const string Archive = "archive/";

    /// <summary>Saves <paramref name="root"/> to <paramref name="path"/>, as <c>torch.save(root, path)</c> would.</summary>
    /// <exception cref="ArgumentException">The tree holds a value that has no pickle form here.</exception>
    public static void Save(string path, object? root)
    {
        var pickler = new Pickler(path);
        pickler.Write(root);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            Add(zip, Archive + "data.pkl", s => s.Write(pickler.Bytes));
            Add(zip, Archive + "byteorder", s => s.Write("little"u8));
            for (int i = 0; i < pickler.Storages.Count; i++)
            {
                var write = pickler.Storages[i];
                Add(zip, $"{Archive}data/{i}", write);
            }
            Add(zip, Archive + "version", s => s.Write("3\n"u8));
        });
    }

    static void Add(ZipArchive zip, string name, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        write(stream);
    }

    // A protocol-2 pickler for the value kinds above; storages are written afterwards, one zip entry each.
    sealed class Pickler(string path)
    {
        readonly MemoryStream output = new();

        public List<Action<Stream>> Storages { get; } = [];

        public byte[] Bytes => output.ToArray();

        public void Write(object? root)
        {
            output.Write([0x80, 2]); // PROTO 2
            Value(root, "root");
            output.WriteByte((byte)'.');
        }

        void Value(object? value, string where)
        {
            switch (value)
            {
                case null: Op('N'); break;
                case bool b: output.WriteByte(b ? (byte)0x88 : (byte)0x89); break;
                case int or long or short or byte or sbyte or uint: Integer(Convert.ToInt64(value)); break;
                case BigInteger big: BigInt(big); break;
                case double or float:
                    Op('G');
                    Span<byte> d = stackalloc byte[8];
                    BinaryPrimitives.WriteDoubleBigEndian(d, Convert.ToDouble(value));
                    output.Write(d);
                    break;
                case string s: Text(s); break;
                case byte[] bytes: // protocol 2 spells bytes as _codecs.encode(latin-1 text, 'latin1'), as Python does
                    Global("_codecs", "encode");
                    Text(Encoding.Latin1.GetString(bytes));
                    Text("latin1");
                    output.WriteByte(0x86); // TUPLE2
                    Op('R');
                    break;
                case StoredTensor stored: Tensor(stored.DType, stored.Shape, s => WriteStored(stored, s, where)); break;
                case torch.Tensor tensor: Tensor(tensor.dtype, tensor.shape, s => TensorBytes.WriteTo(tensor, s)); break;
                case StateDict state:
                    Global("collections", "OrderedDict");
                    Op(')');
                    Op('R');
                    Items(state.Select(p => new KeyValuePair<object?, object?>(p.Key, p.Value)), where);
                    break;
                case PickleTuple tuple: Tuple(tuple.Select((v, i) => (Action)(() => Value(v, $"{where}[{i}]")))); break;
                case IDictionary dict:
                    Op('}');
                    Items(Entries(dict), where);
                    break;
                case IEnumerable list:
                    Op(']');
                    Op('(');
                    int index = 0;
                    foreach (var item in list) Value(item, $"{where}[{index++}]");
                    Op('e');
                    break;
                default:
                    throw new ArgumentException($"{path}: '{where}' is a {value.GetType().Name}, which cannot be saved in a torch checkpoint");
            }
        }

        // foreach over the non-generic IDictionary yields DictionaryEntry for every dictionary type.
        static IEnumerable<KeyValuePair<object?, object?>> Entries(IDictionary dict)
        {
            foreach (DictionaryEntry e in dict) yield return new(e.Key, e.Value);
        }

        void Items(IEnumerable<KeyValuePair<object?, object?>> items, string where)
        {
            Op('(');
            foreach (var (key, value) in items)
            {
                Value(key, where + ".<key>");
                Value(value, $"{where}.{key}");
            }
            Op('u');
        }

        // torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())
        void Tensor(torch.ScalarType dtype, long[] shape, Action<Stream> writeData)
        {
            long numel = shape.Aggregate(1L, (a, b) => a * b);
            string key = Storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Storages.Add(writeData);
            Global("torch._utils", "_rebuild_tensor_v2");
            Op('(');
            Tuple([() => Text("storage"), () => Global("torch", TorchStorageTypes.NameOf(dtype)), () => Text(key), () => Text("cpu"), () => Integer(numel)]);
            Op('Q'); // BINPERSID
            Integer(0);
            Tuple(shape.Select(s => (Action)(() => Integer(s))));
            Tuple(StoredTensor.ContiguousStrides(shape).Select(s => (Action)(() => Integer(s))));
            output.WriteByte(0x89); // requires_grad = False
            Global("collections", "OrderedDict");
            Op(')');
            Op('R');
            Op('t');
            Op('R');
        }

        void Tuple(IEnumerable<Action> items)
        {
            Op('(');
            foreach (var item in items) item();
            Op('t');
        }

        void Global(string module, string name)
        {
            Op('c');
            output.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        }

        void Text(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Op('X');
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
            output.Write(length);
            output.Write(bytes);
        }

        void Integer(long v)
        {
            Span<byte> buffer = stackalloc byte[4];
            if (v is >= 0 and <= byte.MaxValue) { Op('K'); output.WriteByte((byte)v); }
            else if (v is >= 0 and <= ushort.MaxValue) { Op('M'); BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)v); output.Write(buffer[..2]); }
            else if (v is >= int.MinValue and <= int.MaxValue) { Op('J'); BinaryPrimitives.WriteInt32LittleEndian(buffer, (int)v); output.Write(buffer); }
            else BigInt(v);
        }

        void BigInt(BigInteger v)
        {
            var bytes = v.ToByteArray(); // little-endian two's complement, minimal, as LONG1 wants
            output.WriteByte(0x8a);
            output.WriteByte(checked((byte)bytes.Length));
            output.Write(bytes);
        }

        void Op(char code) => output.WriteByte((byte)code);

        static void WriteStored(StoredTensor tensor, Stream stream, string where)
        {
            using var t = tensor.ToTensor(name: where);
            TensorBytes.WriteTo(t, stream);
        }
    }
}
