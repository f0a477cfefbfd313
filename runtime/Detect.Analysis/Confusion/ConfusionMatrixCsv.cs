using CsvHelper;

namespace Detect.Analysis.Confusion;

/// <summary>Writes a <see cref="ConfusionMatrix"/> as CSV: a header of predicted labels, then one row per ground-truth label.</summary>
public static class ConfusionMatrixCsv
{
    /// <summary>Writes the raw counts (or, with <paramref name="normalized"/>, the row percentages) to <paramref name="path"/>.</summary>
    public static void Save(ConfusionMatrix matrix, string path, bool normalized = false)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        var percent = normalized ? matrix.Normalized() : null;
        using var csv = CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false);
        csv.WriteField("gt \\ predicted");
        foreach (string label in matrix.Labels) csv.WriteField(label);
        csv.EndRecord();
        for (int i = 0; i < matrix.Labels.Count; i++)
        {
            csv.WriteField(matrix.Labels[i]);
            for (int j = 0; j < matrix.Labels.Count; j++) {
                double value = percent is null ? matrix[i, j] : percent[i, j];
                if (double.IsNaN(value)) csv.WriteField("nan");
                else csv.WriteField(value, "R");
            }
            csv.EndRecord();
        }
    }
}
