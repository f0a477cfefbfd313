// Prints the merged config of ShapesRetinaNet with where each value came from (`dotnet run`), or
// trains it (`dotnet run -- train [--cfg-options ...]`).
using ChannelMismatch;
using Detect.Config;

var experiment = new ShapesRetinaNet();
if (args is ["train", .. var rest]) return experiment.Train(rest).ExitCode;
Console.Write(ConfigPrinter.Print(experiment.Config, experiment.Sources));
return 0;
