using System.CommandLine;
using Detect.Analysis.Publishing;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect publish-model IN.pth OUT.pth [--save-keys meta state_dict]</c>: MMDetection's publish_model.py: drops
/// training state (optimizer, message hub, schedulers ...) and names the file OUT-&lt;sha256[:8]&gt;.pth.
/// </summary>
public static class PublishModelCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<string>("in_file") { Description = "Checkpoint to publish." };
        var output = new Argument<string>("out_file") { Description = "Output name; the hash is appended before .pth." };
        var keys = new Option<string[]>("--save-keys")
        {
            Description = "Keys to keep.", DefaultValueFactory = _ => [.. ModelPublisher.DefaultSaveKeys], AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("publish-model", "Strip a checkpoint to its weights and meta and name it by its hash.") { input, output, keys };
        command.SetAction(parse => ToolGuard.Run("detect publish-model", () =>
        {
            string final = ModelPublisher.Publish(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(keys), Console.WriteLine);
            Console.WriteLine(final);
            return 0;
        }));
        return command;
    }
}
