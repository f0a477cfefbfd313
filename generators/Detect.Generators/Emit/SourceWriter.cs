using System.Text;

namespace Detect.Generators.Emit;

/// <summary>A small indentation-aware writer for generated C#: four spaces per level, \n line ends.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="opening"/> (e.g. <c>{</c>) and indents until the matching <see cref="Close"/>.</summary>
    public SourceWriter Open(string opening = "{")
    {
        Line(opening);
        _depth++;
        return this;
    }

    public SourceWriter Close(string closing = "}")
    {
        _depth--;
        return Line(closing);
    }

    public SourceWriter Indent()
    {
        _depth++;
        return this;
    }

    public SourceWriter Outdent()
    {
        _depth--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
