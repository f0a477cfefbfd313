using Detect.Visualization;
using ScottPlot;

namespace Detect.Analysis.Plots;

/// <summary>
/// Creates the figures of the analysis tools with a font that renders: where SkiaSharp finds no system font
/// (<see cref="TextFonts"/>), the font file found there becomes ScottPlot's default, else every label, tick and
/// legend would be drawn as nothing.
/// </summary>
public static class Figures
{
    const string Family = "Detect Sans";
    static readonly Lazy<bool> FontReady = new(LoadFont);

    /// <summary>A new, empty figure.</summary>
    public static Plot Create()
    {
        if (!FontReady.Value) Console.Error.WriteLine("warning: no font found for figure text; set DETECT_FONT to a .ttf file.");
        return new Plot();
    }

    static bool LoadFont()
    {
        if (TextFonts.SansFile is not { } regular) return TextFonts.Sans.GlyphCount > 0;
        Fonts.AddFontFile(Family, regular);
        if (TextFonts.BoldFile is { } bold) Fonts.AddFontFile(Family, bold, bold: true);
        Fonts.Default = Family;
        return true;
    }
}
