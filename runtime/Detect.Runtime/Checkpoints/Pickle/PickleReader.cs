using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Detect.Checkpoints.Pickle;

/// <summary>
/// Interprets a Python pickle (protocols 0 to 4, the subset data pickles use) into plain values:
/// null, <see cref="bool"/>, <see cref="long"/> (or <see cref="BigInteger"/>), <see cref="double"/>,
/// <see cref="string"/>, <c>byte[]</c>, <see cref="List{T}"/>, <see cref="PickleTuple"/>,
/// <see cref="PickleDict"/>, sets, and whatever the <see cref="IPickleResolver"/> makes of globals.
/// </summary>
/// <remarks>
/// It executes nothing: GLOBAL only names a callable and REDUCE asks the resolver, which for torch
/// checkpoints rebuilds tensors and storages and keeps every other object as data. Errors name the
/// source and the byte offset of the opcode.
/// </remarks>
public sealed class PickleReader
{
    static readonly object Mark = new();

    readonly Stream stream;
    readonly string source;
    readonly IPickleResolver resolver;
    readonly List<object?> stack = [];
    readonly List<int> marks = [];
    readonly Dictionary<long, object?> memo = [];

    /// <summary>Prepares to read one pickle from <paramref name="stream"/>'s current position.</summary>
    /// <param name="stream">The bytes; left positioned just after the STOP opcode.</param>
    /// <param name="source">What to call the data in error messages (file and entry).</param>
    /// <param name="resolver">Turns globals and persistent ids into objects.</param>
    public PickleReader(Stream stream, string source, IPickleResolver resolver)
    {
        this.stream = stream;
        this.source = source;
        this.resolver = resolver;
    }

    /// <summary>Reads up to and including the STOP opcode and returns the pickled object.</summary>
    /// <exception cref="CheckpointFormatException">The pickle is truncated, malformed or uses an unsupported opcode.</exception>
    public object? Load()
    {
        while (true)
        {
            long at = stream.Position;
            int op = stream.ReadByte();
            if (op < 0) throw Error(at, "the pickle ends before its STOP opcode");
            try
            {
                if (Step((byte)op)) return Pop();
            }
            catch (Exception e) when (e is not CheckpointFormatException)
            {
                throw Error(at, $"opcode 0x{op:x2} ('{(char)op}'): {e.Message}", e);
            }
        }
    }

    // Executes one opcode; true at STOP.
    bool Step(byte op)
    {
        switch (op)
        {
            case 0x80: ReadByte(); break;                              // PROTO
            case 0x95: ReadBytes(8); break;                            // FRAME: a hint only
            case (byte)'.': return true;                               // STOP
            case (byte)'(': marks.Add(stack.Count); stack.Add(Mark); break;
            case (byte)'0': Pop(); break;                              // POP
            case (byte)'1': PopMark(); break;                          // POP_MARK
            case (byte)'2': Push(Peek()); break;                       // DUP
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;                              // NEWTRUE
            case 0x89: Push(false); break;                             // NEWFALSE
            case (byte)'I': Push(ParseIntLine(ReadLine())); break;    // INT (text; 00/01 are bools)
            case (byte)'L': Push(Integer(BigInteger.Parse(ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture))); break;
            case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
            case (byte)'K': Push((long)ReadByte()); break;             // BININT1
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
            case 0x8a: Push(Integer(new BigInteger(ReadBytes(ReadByte()), isUnsigned: false))); break;  // LONG1
            case 0x8b: Push(Integer(new BigInteger(ReadBytes(ReadLength(4)), isUnsigned: false))); break; // LONG4
            case (byte)'F': Push(double.Parse(ReadLine(), CultureInfo.InvariantCulture)); break;
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;  // BINFLOAT
            case (byte)'S': Push(ParseQuotedString(ReadLine())); break;                       // STRING
            case (byte)'T': Push(Encoding.Latin1.GetString(ReadBytes(ReadLength(4)))); break;  // BINSTRING
            case (byte)'U': Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;     // SHORT_BINSTRING
            case (byte)'V': Push(ReadLine()); break;                                           // UNICODE (raw escape; ASCII in practice)
            case (byte)'X': Push(Encoding.UTF8.GetString(ReadBytes(ReadLength(4)))); break;    // BINUNICODE
            case 0x8c: Push(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break;           // SHORT_BINUNICODE
            case 0x8d: Push(Encoding.UTF8.GetString(ReadBytes(ReadLength(8)))); break;        // BINUNICODE8
            case (byte)'B': Push(ReadBytes(ReadLength(4))); break;                             // BINBYTES
            case (byte)'C': Push(ReadBytes(ReadByte())); break;                               // SHORT_BINBYTES
            case 0x8e or 0x96: Push(ReadBytes(ReadLength(8))); break;                         // BINBYTES8, BYTEARRAY8
            case (byte)']': Push(new List<object?>()); break;                                 // EMPTY_LIST
            case (byte)'l': Push(new List<object?>(PopMark())); break;                        // LIST
            case (byte)'a': Append(Peek(1), [Pop()]); break;                                  // APPEND
            case (byte)'e': { var items = PopMark(); Append(Peek(), items); break; }          // APPENDS
            case (byte)')': Push(PickleTuple.Empty); break;
            case (byte)'t': Push(new PickleTuple(PopMark())); break;
            case 0x85: Push(new PickleTuple([Pop()])); break;
            case 0x86: { var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b])); break; }
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b, c])); break; }
            case (byte)'}': Push(new PickleDict()); break;                                    // EMPTY_DICT
            case (byte)'d': { var d = new PickleDict(); SetItems(d, PopMark()); Push(d); break; }
            case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(Peek(), [k, v]); break; } // SETITEM
            case (byte)'u': { var items = PopMark(); SetItems(Peek(), items); break; }        // SETITEMS
            case 0x8f: Push(new HashSet<object>(PickleKeyComparer.Instance)); break;          // EMPTY_SET
            case 0x90: { var items = PopMark(); var set = (HashSet<object>)Peek()!; foreach (var i in items) set.Add(i!); break; }
            case 0x91: Push(new HashSet<object>(PopMark()!, PickleKeyComparer.Instance)); break; // FROZENSET
            case (byte)'c': Push(new PickleGlobal(ReadLine(), ReadLine())); break;            // GLOBAL
            case 0x93: { var name = (string)Pop()!; Push(new PickleGlobal((string)Pop()!, name)); break; } // STACK_GLOBAL
            case (byte)'R': { var args = (PickleTuple)Pop()!; Push(Call(Pop(), args)); break; } // REDUCE
            case 0x81: { var args = (PickleTuple)Pop()!; Push(Call(Pop(), args)); break; }    // NEWOBJ
            case 0x92: { Pop(); var args = (PickleTuple)Pop()!; Push(Call(Pop(), args)); break; } // NEWOBJ_EX (kwargs dropped)
            case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }               // BUILD
            case (byte)'p': memo[long.Parse(ReadLine(), CultureInfo.InvariantCulture)] = Peek(); break; // PUT
            case (byte)'q': memo[ReadByte()] = Peek(); break;                                 // BINPUT
            case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break;
            case 0x94: memo[memo.Count] = Peek(); break;                                      // MEMOIZE
            case (byte)'g': Push(Memo(long.Parse(ReadLine(), CultureInfo.InvariantCulture))); break; // GET
            case (byte)'h': Push(Memo(ReadByte())); break;                                    // BINGET
            case (byte)'j': Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
            case (byte)'P': Push(resolver.PersistentLoad(ReadLine())); break;                 // PERSID
            case (byte)'Q': Push(resolver.PersistentLoad(Pop())); break;                      // BINPERSID
            default:
                throw Error(stream.Position - 1, $"unsupported pickle opcode 0x{op:x2}");
        }
        return false;
    }

    object? Call(object? callable, PickleTuple args) => callable is PickleGlobal g
        ? resolver.Reduce(g, args)
        : throw new InvalidDataException($"cannot call {callable ?? "None"}: only globals are callable here");

    static void Append(object? target, IReadOnlyList<object?> items)
    {
        switch (target)
        {
            case List<object?> list: list.AddRange(items); break;
            case PickledObject obj: obj.Elements.AddRange(items); break;
            default: throw new InvalidDataException($"cannot append to {target?.GetType().Name ?? "None"}");
        }
    }

    static void SetItems(object? target, IReadOnlyList<object?> keysAndValues)
    {
        var dict = target switch
        {
            PickleDict d => d,
            PickledObject obj => obj.Items,
            _ => throw new InvalidDataException($"cannot set items on {target?.GetType().Name ?? "None"}"),
        };
        for (int i = 0; i + 1 < keysAndValues.Count; i += 2) dict[keysAndValues[i]!] = keysAndValues[i + 1];
    }

    // BUILD: __setstate__. For dicts the state lands in Attributes (OrderedDict._metadata); a
    // (dict_state, slot_state) pair is merged. Other targets (tensors) have no state we use.
    static void Build(object? target, object? state)
    {
        switch (target)
        {
            case PickledObject obj:
                obj.State = state;
                break;
            case PickleDict dict:
                foreach (var part in state is PickleTuple t ? (IEnumerable<object?>)t : [state])
                    if (part is PickleDict attrs)
                        foreach (var (k, v) in attrs) dict.Attributes[k] = v;
                break;
        }
    }

    object? Memo(long index) => memo.TryGetValue(index, out var value)
        ? value
        : throw new InvalidDataException($"memo slot {index} was never stored");

    void Push(object? value) => stack.Add(value);

    object? Peek(int depth = 0) => stack.Count > depth && stack[^(depth + 1)] != Mark
        ? stack[^(depth + 1)]
        : throw new InvalidDataException("stack underflow");

    object? Pop()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    List<object?> PopMark()
    {
        if (marks.Count == 0) throw new InvalidDataException("no MARK on the stack");
        int at = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        var items = stack.GetRange(at + 1, stack.Count - at - 1);
        stack.RemoveRange(at, stack.Count - at);
        return items;
    }

    static object Integer(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (long)value : (object)value;

    static object ParseIntLine(string line) => line switch
    {
        "00" => false,
        "01" => true,
        _ => Integer(BigInteger.Parse(line, CultureInfo.InvariantCulture)),
    };

    static string ParseQuotedString(string line) =>
        line.Length >= 2 && (line[0] is '\'' or '"') && line[^1] == line[0]
            ? System.Text.RegularExpressions.Regex.Unescape(line[1..^1])
            : throw new InvalidDataException($"malformed STRING literal {line}");

    int ReadByte()
    {
        int b = stream.ReadByte();
        return b >= 0 ? b : throw new EndOfStreamException("the pickle is truncated");
    }

    int ReadLength(int size)
    {
        var raw = ReadBytes(size);
        long length = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(raw) : (long)BinaryPrimitives.ReadUInt64LittleEndian(raw);
        return length <= Array.MaxLength ? (int)length : throw new InvalidDataException($"a length of {length} bytes is too large");
    }

    byte[] ReadBytes(int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    string ReadLine()
    {
        var bytes = new List<byte>();
        for (int b = ReadByte(); b != '\n'; b = ReadByte()) bytes.Add((byte)b);
        return Encoding.UTF8.GetString([.. bytes]);
    }

    CheckpointFormatException Error(long offset, string message, Exception? inner = null) =>
        new(source, $"malformed pickle at byte {offset}: {message}", inner);
}
