using System.Text.Json;

namespace Detect.Datasets;

/// <summary>
/// Reads a JSON document from a stream in one pass with a bounded, growing buffer: structural tokens
/// one at a time, and whole values (one image, one annotation) handed to a typed parser. A COCO file
/// of several hundred MB is thus never held in memory as text, nor as a DOM.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> is a ref struct, so it cannot live in a field: each call rebuilds one
/// over the unread bytes from the saved <see cref="JsonReaderState"/>. When a value is incomplete the
/// buffer is refilled (and doubled if the value is larger than the buffer) and the call retried.
/// </remarks>
internal sealed class JsonStreamReader : IDisposable
{
    /// <summary>Parses one complete value; the reader starts on its first token and must end on its last.</summary>
    public delegate T ValueParser<out T>(ref Utf8JsonReader reader);

    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private long _discarded;
    private JsonReaderState _state;

    public JsonStreamReader(Stream stream)
    {
        _stream = stream;
        Refill();
        // A UTF-8 byte order mark is legal in files but not for Utf8JsonReader.
        if (_end - _start >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
    }

    /// <summary>Type of the token the last <see cref="Read"/> returned.</summary>
    public JsonTokenType TokenType { get; private set; }

    /// <summary>Text of the last property name or string token.</summary>
    public string? Text { get; private set; }

    /// <summary>Offset in the stream of the next unread byte (for error messages).</summary>
    public long Position => _discarded + _start;

    /// <summary>True once the whole stream has been read into the buffer.</summary>
    public bool AtEndOfData => _final;

    /// <summary>Reads the next token; false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                Text = reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                Advance(ref reader);
                return true;
            }
            if (_final) return false;
            Refill();
        }
    }

    /// <summary>Skips the value that follows the current property name, however large, without buffering it whole.</summary>
    public void SkipValue()
    {
        if (!Read()) throw new JsonException("The document ends where a value was expected.");
        int depth = 0;
        while (true)
        {
            if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
            if (depth == 0) return;
            if (!Read()) throw new JsonException("The document ends inside a value.");
        }
    }

    /// <summary>
    /// Inside an array: parses the next element with <paramref name="parse"/>, or returns false when the
    /// array ends (consuming its closing bracket).
    /// </summary>
    public bool TryReadElement<T>(ValueParser<T> parse, out T value)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (!reader.Read())
            {
                if (_final) throw new JsonException("The document ends inside an array.");
                Refill();
                continue;
            }
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                TokenType = JsonTokenType.EndArray;
                Advance(ref reader);
                value = default!;
                return false;
            }
            var probe = reader;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !probe.TrySkip())
            {
                if (_final) throw new JsonException("The document ends inside an array element.");
                Refill();
                continue;
            }
            value = parse(ref reader);
            TokenType = reader.TokenType;
            Advance(ref reader);
            return true;
        }
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void Refill()
    {
        int remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _discarded += _start;
            _start = 0;
            _end = remaining;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _final = true;
        else _end += read;
    }

    public void Dispose() => _stream.Dispose();
}
