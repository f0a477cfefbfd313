using SkiaSharp;

namespace Detect.Visualization;

/// <summary>
/// The typeface pictures are labelled with. Detect ships SkiaSharp's self-contained Linux build, which has no
/// fontconfig and so finds no system font: its default typeface has no glyphs and every label would come out empty.
/// Then a sans-serif TrueType file is loaded by path: <c>DETECT_FONT</c> if set, else DejaVu Sans or Liberation Sans
/// from the usual Debian/Ubuntu/Fedora places.
/// </summary>
public static class TextFonts
{
    static readonly Lazy<SKTypeface> SansTypeface = new(() => SansFile is { } file ? SKTypeface.FromFile(file) ?? SKTypeface.Default : SKTypeface.Default);
    static readonly Lazy<string?> Regular = new(() => Find("DejaVuSans.ttf", "LiberationSans-Regular.ttf"));
    static readonly Lazy<string?> BoldFace = new(() => Find("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"));

    /// <summary>A typeface that has glyphs (SkiaSharp's default where it has them), for drawing labels.</summary>
    public static SKTypeface Sans => SansTypeface.Value;

    /// <summary>The font file <see cref="Sans"/> comes from, or null when SkiaSharp's default typeface has glyphs (or no file was found).</summary>
    public static string? SansFile => Regular.Value;

    /// <summary>A bold companion of <see cref="SansFile"/>, or null.</summary>
    public static string? BoldFile => Regular.Value is null ? null : BoldFace.Value;

    static string? Find(params string[] files)
    {
        using (var probe = SKTypeface.Default) if (probe.GlyphCount > 0) return null;
        if (Environment.GetEnvironmentVariable("DETECT_FONT") is { Length: > 0 } own && File.Exists(own)) return own;
        string[] folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
            "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/liberation-sans"];
        return files.SelectMany(f => folders.Select(d => Path.Combine(d, f))).FirstOrDefault(File.Exists);
    }
}
