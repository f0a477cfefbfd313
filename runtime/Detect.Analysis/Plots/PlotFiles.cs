using ScottPlot;

namespace Detect.Analysis.Plots;

/// <summary>Writes a ScottPlot figure in the format its file name asks for (.png, .svg, .jpg).</summary>
public static class PlotFiles
{
    /// <summary>Saves <paramref name="plot"/> to <paramref name="path"/>, creating the folder.</summary>
    /// <exception cref="AnalysisException">An extension other than .png, .svg, .jpg or .jpeg.</exception>
    public static void Save(Plot plot, string path, int width = 1000, int height = 600)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg" or ".jpg" or ".jpeg"))
            throw new AnalysisException($"{path}: a figure is written as .png, .svg or .jpg, not '{extension}'.");
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        switch (extension)
        {
            case ".png": plot.SavePng(path, width, height); break;
            case ".svg": plot.SaveSvg(path, width, height); break;
            default: plot.SaveJpeg(path, width, height); break;
        }
    }
}
