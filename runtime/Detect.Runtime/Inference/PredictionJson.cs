using System.Text.Json;
using Detect.Masks;
using Detect.Structures;
using Detect.Ops;
using static TorchSharp.torch;

namespace Detect.Inference;

/// <summary>
/// One image's predictions as MMDetection's <c>DetInferencer</c> writes them (<c>pred2dict</c>): <c>labels</c>,
/// <c>scores</c>, <c>bboxes</c> (xyxy) and, with masks, <c>masks</c> as COCO RLE (<c>size</c>, compressed <c>counts</c>).
/// </summary>
public static class PredictionJson
{
    /// <summary>Writes <paramref name="instances"/> to <paramref name="path"/> (creating the folder).</summary>
    public static void Write(string path, InstanceData instances)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        using var stream = File.Create(path);
        Write(stream, instances);
    }

    /// <summary>The JSON <see cref="Write(string, InstanceData)"/> writes, as a string (what <c>print_result</c> prints).</summary>
    public static string ToJson(InstanceData instances)
    {
        using var stream = new MemoryStream();
        Write(stream, instances);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="instances"/> as JSON to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, InstanceData instances)
    {
        using var json = new Utf8JsonWriter(stream);
        using var scope = NewDisposeScope();
        json.WriteStartObject();
        json.WriteStartArray("labels");
        foreach (long label in TensorValues.ToArray<long>(instances.Labels)) json.WriteNumberValue(label);
        json.WriteEndArray();
        json.WriteStartArray("scores");
        if (instances.Scores is not null)
            foreach (float score in TensorValues.ToArray<float>(instances.Scores)) json.WriteNumberValue((double)score);
        json.WriteEndArray();
        json.WriteStartArray("bboxes");
        float[] boxes = TensorValues.ToArray<float>(instances.Bboxes);
        for (int i = 0; i < boxes.Length; i += 4)
        {
            json.WriteStartArray();
            for (int k = 0; k < 4; k++) json.WriteNumberValue((double)boxes[i + k]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        if (instances.Masks is not null)
        {
            json.WriteStartArray("masks");
            foreach (var rle in MaskTensors.EncodeEach(instances.Masks.cpu()))
            {
                json.WriteStartObject();
                json.WriteStartArray("size");
                json.WriteNumberValue(rle.Height);
                json.WriteNumberValue(rle.Width);
                json.WriteEndArray();
                json.WriteString("counts", RleCodec.ToCompressedString(rle));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Reads a file <see cref="Write(string, InstanceData)"/> wrote: labels, scores and boxes.</summary>
    public static (long[] Labels, float[] Scores, float[][] Bboxes) Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        return ([.. root.GetProperty("labels").EnumerateArray().Select(e => e.GetInt64())],
                [.. root.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle())],
                [.. root.GetProperty("bboxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetSingle()).ToArray())]);
    }
}
