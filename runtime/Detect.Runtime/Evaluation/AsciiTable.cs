using System.Text;

namespace Detect.Evaluation;

/// <summary>
/// The tables MMDetection prints with terminaltables' <c>AsciiTable</c>: cells padded by one space, a border under the
/// heading row and, when asked (its <c>inner_footing_row_border</c>), above the last row.
/// </summary>
public static class AsciiTable
{
    /// <summary>Renders <paramref name="rows"/> (the first is the heading; all of equal length).</summary>
    public static string Format(IReadOnlyList<string[]> rows, bool footer = false)
    {
        int columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(row => row[c].Length)).ToArray();
        string border = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        var text = new StringBuilder().AppendLine(border);
        for (int i = 0; i < rows.Count; i++)
        {
            if (footer && i == rows.Count - 1 && i > 1) text.AppendLine(border);
            text.AppendLine("| " + string.Join(" | ", rows[i].Select((cell, c) => cell.PadRight(widths[c]))) + " |");
            if (i == 0) text.AppendLine(border);
        }
        return text.Append(border).ToString();
    }
}
