// Prints the merged config of ShapesRetinaNet with where each value came from (`dotnet run`), or
// trains it (`dotnet run -- train [--cfg-options ...]`) once a training engine is part of the build.
using ChannelMismatch;
using Detect.Config;

var experiment = new ShapesRetinaNet();
if (args is ["train", .. var rest]) return experiment.Train(rest);
Console.Write(ConfigPrinter.Print(experiment.Config, experiment.Sources));
return 0;
