using ScottPlot;
using SkiaSharp;

namespace Detect.Analysis.Plots;

/// <summary>
/// Creates the figures of the analysis tools with a font that renders. Detect ships SkiaSharp's self-contained Linux
/// build, which has no fontconfig and so finds no system font: ScottPlot would draw every label, tick and legend
/// as nothing. When that is so, a sans-serif TrueType file is loaded by path (<c>DETECT_PLOT_FONT</c>, else DejaVu
/// Sans or Liberation Sans from the usual Debian/Ubuntu/Fedora places) and made ScottPlot's default.
/// </summary>
public static class Figures
{
    const string Family = "Detect Sans";
    static readonly Lazy<bool> FontReady = new(LoadFont);

    /// <summary>A new, empty figure.</summary>
    public static Plot Create()
    {
        if (!FontReady.Value) Console.Error.WriteLine("warning: no font found for figure text; set DETECT_PLOT_FONT to a .ttf file.");
        return new Plot();
    }

    static bool LoadFont()
    {
        using (var probe = SKTypeface.Default) if (probe.GlyphCount > 0) return true;
        string? regular = Candidates("DejaVuSans.ttf", "LiberationSans-Regular.ttf").FirstOrDefault(File.Exists);
        if (regular is null) return false;
        string? bold = Candidates("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf").FirstOrDefault(File.Exists);
        Fonts.AddFontFile(Family, regular);
        if (bold is not null) Fonts.AddFontFile(Family, bold, bold: true);
        Fonts.Default = Family;
        return true;
    }

    static IEnumerable<string> Candidates(params string[] files)
    {
        if (Environment.GetEnvironmentVariable("DETECT_PLOT_FONT") is { Length: > 0 } own) yield return own;
        foreach (string file in files)
            foreach (string folder in new[] { "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/liberation-sans" })
                yield return Path.Combine(folder, file);
    }
}
