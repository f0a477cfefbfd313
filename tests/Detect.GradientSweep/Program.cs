// The gradient sweep (docs/platform/conv-gradient-sweep.md). Modes:
//   report --out FILE.md               runs the sweep in child processes under every DNNL_MAX_CPU_ISA level of this host
//                                      (the detectors under AVX, the cap of training processes, and the default, with and
//                                      without oneDNN in backward) and writes the tables
// and what the children run (their environment set by the parent, or by ConvGradientSweepTests):
//   catalog --out FILE                 the convolution configurations (ConvCatalog: built from the models)
//   convs --cases FILE --out FILE --from K   steps K.. of the convolution sweep (ConvSweep), appended as JSON lines
//   detectors --out FILE --from K      steps K.. of the detector training steps (DetectorGradients)
using System.Globalization;
using Detect.GradientSweep;
using Detect.Platform;

string Arg(string name, string? fallback = null)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"missing {name}");
}
int From() => int.Parse(Arg("--from", "0"), CultureInfo.InvariantCulture);

// The parent chose the ISA (DNNL_MAX_CPU_ISA) and the policy (DETECT_CONV_GRADIENTS) for this child; nothing is capped here.
TorchRuntime.EnsureInitialized();
switch (args.FirstOrDefault())
{
    case "catalog":
        SweepChild.Write(Arg("--out"), ConvCatalog.All());
        return 0;
    case "convs":
        ConvSweep.RunSteps(SweepChild.Read<List<ConvCase>>(Arg("--cases")), Arg("--out"), From(), args.Contains("--backward-off"));
        return 0;
    case "detectors":
        DetectorGradients.RunSteps(Arg("--out"), From());
        return 0;
    case "report":
        File.WriteAllText(Arg("--out"), SweepMarkdown.Write(SweepReport.Collect(Console.Error)));
        return 0;
    default:
        Console.Error.WriteLine("usage: report --out FILE.md | catalog --out FILE | convs --cases FILE --out FILE --from K | detectors --out FILE --from K");
        return 2;
}
