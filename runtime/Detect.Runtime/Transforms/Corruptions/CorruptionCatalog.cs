namespace Detect.Transforms.Corruptions;

/// <summary>
/// The benchmark's corruptions by name and MMDetection's selections of them (<c>test_robustness.py --corruptions</c>):
/// <c>benchmark</c> (all 15, in the benchmark's order), <c>noise</c>, <c>blur</c>, <c>weather</c>, <c>digital</c>, or names.
/// </summary>
/// <remarks>MMDetection's <c>all</c> adds four hold-out corruptions (speckle_noise, gaussian_blur, spatter, saturate) that
/// Detect does not implement; <c>all</c> selects the 15 and <see cref="Resolve"/> says so in its note.</remarks>
public static class CorruptionCatalog
{
    /// <summary>The 15 benchmark corruptions in imagecorruptions' order.</summary>
    public static IReadOnlyList<ImageCorruption> Benchmark { get; } =
    [
        new GaussianNoise(), new ShotNoise(), new ImpulseNoise(), new DefocusBlur(), new GlassBlur(), new MotionBlur(), new ZoomBlur(),
        new Snow(), new Frost(), new Fog(), new Brightness(), new Contrast(), new ElasticTransform(), new Pixelate(), new JpegCompression(),
    ];

    /// <summary>The corruption called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static ImageCorruption Get(string name) =>
        Benchmark.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"unknown corruption '{name}'; known: {string.Join(", ", Benchmark.Select(c => c.Name))}" +
            (HoldOut.Contains(name) ? $" ('{name}' is one of MMDetection's hold-out corruptions, which Detect does not implement)" : ""));

    /// <summary>
    /// MMDetection's <c>--corruptions</c> arguments to corruptions, in order: the first of benchmark, all, noise, blur,
    /// weather, digital found selects that set (as MMDetection checks them), otherwise every argument is a name.
    /// </summary>
    /// <param name="arguments">The arguments.</param>
    /// <param name="note">A remark for the user (what <c>all</c> leaves out), or null.</param>
    public static IReadOnlyList<ImageCorruption> Resolve(IReadOnlyList<string> arguments, out string? note)
    {
        note = null;
        if (arguments.Count == 0) return Benchmark;
        if (arguments.Contains("all"))
        {
            note = $"'all' selects the 15 benchmark corruptions; MMDetection's 'all' also has {string.Join(", ", HoldOut)}, which Detect does not implement.";
            return Benchmark;
        }
        if (arguments.Contains("benchmark")) return Benchmark;
        foreach (var group in Enum.GetValues<CorruptionGroup>())
            if (arguments.Contains(group.ToString().ToLowerInvariant())) return [.. Benchmark.Where(c => c.Group == group)];
        return [.. arguments.Distinct().Select(Get)];
    }

    static readonly string[] HoldOut = ["speckle_noise", "gaussian_blur", "spatter", "saturate"];
}
