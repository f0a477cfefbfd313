using System.CommandLine;
using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect convert --from torchvision|pycls-regnet|detectron2|... --arch NAME --in IN --out OUT</c>: converts another
/// zoo's checkpoint to Detect's (MMDetection's) state-dict names.
/// </summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = $"Source layout: {string.Join(", ", CheckpointConverters.All.Select(c => c.Name))}.",
            Required = true,
        };
        var arch = new Option<string?>("--arch") { Description = "Architecture of the checkpoint (e.g. resnet50, regnetx_3.2gf); `--arch list` lists them." };
        var input = new Option<string>("--in") { Description = "Checkpoint to convert (torch.save or safetensors).", Required = true };
        var output = new Option<string>("--out")
        {
            Description = "Where to write: *.safetensors, or a torch.save file {meta, state_dict} for any other name.",
            Required = true,
        };
        var numClasses = new Option<int?>("--num-classes")
        {
            Description = "Classes of the source model as it counts them, background included (mmdet-v1: 81 for COCO); default: read from the checkpoint.",
        };
        var command = new Command("convert", "Convert a checkpoint of another model zoo to Detect's state-dict names.") { from, arch, input, output, numClasses };
        command.SetAction(parse => FailureReport.Run("detect convert",
            () => Run(parse.GetValue(from)!, parse.GetValue(arch), parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(numClasses))));
        return command;
    }

    static int Run(string from, string? arch, string input, string output, int? numClasses)
    {
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        try
        {
            if (arch == "list")
            {
                var archs = CheckpointConverters.Find(from).Archs;
                Console.WriteLine(archs.Count == 0 ? $"{from}: any architecture" : string.Join(Environment.NewLine, archs));
                return 0;
            }
            var (result, check) = CheckpointConverters.Convert(from, arch, input, numClasses);
            var meta = new Dictionary<string, string> { ["converted_from"] = from, ["source"] = Path.GetFileName(input) };
            if (arch is not null) meta["arch"] = arch;
            if (numClasses is not null) meta["num_classes"] = numClasses.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            CheckpointConverters.Save(output, result.StateDict, meta);

            Console.WriteLine($"{input} ({from}{(arch is null ? "" : ", " + arch)}) -> {output}: {result.StateDict.Count} tensors");
            if (result.Dropped.Count > 0) Console.WriteLine($"dropped {result.Dropped.Count}: {string.Join(", ", result.Dropped)}");
            if (check is not null)
                Console.WriteLine(check.UnexpectedKeys.Count == 0
                    ? $"checked against {arch}: all {check.LoadedCount} tensors fit"
                    : $"checked against {arch}: {check.LoadedCount} tensors fit; not used by the model: {string.Join(", ", check.UnexpectedKeys)}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or KeyMapException or CheckpointMismatchException or KeyNotFoundException)
        {
            string message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;
            Console.Error.WriteLine($"detect convert: {message}");
            return 1;
        }
    }
}
