using System.Text.Json;
using Detect.Checkpoints;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Tests;

/// <summary>
/// The parity fixtures of tests/golden/models/make_backbone_fixtures.py: a torchvision checkpoint
/// (<c>NAME.pth</c>) and its input and features (<c>NAME.golden.json</c>, float32 little-endian in base64).
/// </summary>
internal sealed class GoldenFeatures
{
    /// <summary>Parity bound of the brief: max relative error in float32.</summary>
    public const double Tolerance = 1e-4;

    GoldenFeatures(string directory, string name)
    {
        TorchRuntime.EnsureInitialized();
        CheckpointPath = Path.Combine(directory, name + ".pth");
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name + ".golden.json"))).RootElement;
    }

    /// <summary>The committed fixture <paramref name="name"/>.</summary>
    public static GoldenFeatures Load(string name) => new(Directory, name);

    /// <summary>A fixture set written elsewhere (the full-size models of <c>--full DIR</c>).</summary>
    public static GoldenFeatures LoadFrom(string directory, string name) => new(directory, name);

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden");

    public string CheckpointPath { get; }

    public JsonElement Json { get; }

    /// <summary>The model settings the reference was built with.</summary>
    public JsonElement Model => Json.GetProperty("model");

    public Tensor Input => Decode(Json.GetProperty("input"));

    public Tensor[] Inputs => [.. Json.GetProperty("inputs").EnumerateArray().Select(Decode)];

    public Tensor[] Outputs => [.. Json.GetProperty("outputs").EnumerateArray().Select(Decode)];

    public StateDict StateDict => CheckpointLoader.Read(CheckpointPath).StateDict;

    /// <summary>Per output: max |ours − reference| / max |reference|.</summary>
    /// <exception cref="InvalidOperationException">The number of outputs or a shape differs.</exception>
    public static double[] MaxRelativeErrors(Tensor[] ours, Tensor[] reference)
    {
        if (ours.Length != reference.Length)
            throw new InvalidOperationException($"{ours.Length} outputs, the reference has {reference.Length}");
        var errors = new double[ours.Length];
        for (int i = 0; i < ours.Length; i++)
        {
            if (!ours[i].shape.SequenceEqual(reference[i].shape))
                throw new InvalidOperationException($"output {i}: shape [{string.Join(", ", ours[i].shape)}], the reference has [{string.Join(", ", reference[i].shape)}]");
            using var scope = NewDisposeScope();
            var diff = (ours[i].to(float64) - reference[i].to(float64)).abs().max().item<double>();
            errors[i] = diff / reference[i].to(float64).abs().max().item<double>();
        }
        return errors;
    }

    /// <summary>A float32 blob: <c>{"shape": [...], "float32_base64": "..."}</c>.</summary>
    public static Tensor Decode(JsonElement blob)
    {
        var shape = blob.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var bytes = Convert.FromBase64String(blob.GetProperty("float32_base64").GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values).reshape(shape);
    }
}
