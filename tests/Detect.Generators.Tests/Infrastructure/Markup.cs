using Microsoft.CodeAnalysis.Text;

namespace Detect.Generators.Tests.Infrastructure;

/// <summary>
/// Test sources with the expected diagnostic marked in place: <c>{|DET201:Depth = 18|}</c>. The markers
/// are removed and the marked text's position (line and column span) becomes the expectation.
/// </summary>
internal sealed record Markup(string Source, string Id, LinePositionSpan Span)
{
    public static Markup Parse(string marked)
    {
        var open = marked.IndexOf("{|", StringComparison.Ordinal);
        var colon = marked.IndexOf(':', open);
        var close = marked.IndexOf("|}", colon, StringComparison.Ordinal);
        Assert.True(open >= 0 && colon > open && close > colon, "the source must mark the expected diagnostic as {|DETnnn:text|}");
        var id = marked[(open + 2)..colon];
        var text = marked[(colon + 1)..close];
        var source = marked[..open] + text + marked[(close + 2)..];
        var sourceText = SourceText.From(source);
        var span = sourceText.Lines.GetLinePositionSpan(new TextSpan(open, text.Length));
        return new Markup(source, id, span);
    }
}
