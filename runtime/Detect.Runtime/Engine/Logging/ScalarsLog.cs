using System.Text.Json;

namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>vis_data/scalars.json</c>: one JSON object per line, e.g.
/// <c>{"lr": 0.01, "data_time": 0.002, "loss": 1.2, "loss_cls": 0.8, "loss_bbox": 0.4, "time": 0.3, "epoch": 1, "iter": 50, "memory": 812, "step": 50}</c>
/// for training and <c>{"coco/bbox_mAP": 0.61, ..., "step": 1}</c> for validation. Lines are flushed
/// as written, so a killed run keeps its log up to the last line.
/// </summary>
public sealed class ScalarsLog : IDisposable
{
    readonly StreamWriter writer;

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    public ScalarsLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Appends one line with <paramref name="values"/> in order.</summary>
    public void Write(IEnumerable<KeyValuePair<string, object>> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in values)
            {
                switch (value)
                {
                    case int i: json.WriteNumber(key, i); break;
                    case long l: json.WriteNumber(key, l); break;
                    case double d when double.IsFinite(d): json.WriteNumber(key, d); break;
                    case double d: json.WriteString(key, d.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                    default: json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }
            json.WriteEndObject();
        }
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();
}
