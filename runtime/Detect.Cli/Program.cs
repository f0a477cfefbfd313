// The `detect` command. Each subcommand lives in Commands/, one file per command, and is added here.
using System.CommandLine;
using Detect.Cli.Commands;

var root = new RootCommand("Detect: object detection for .NET (train, test, eval, infer, export, serve, convert, and the analysis tools).")
{
    EnvCommand.Create(),
    TrainCommand.Create(),
    TestCommand.Create(),
    PrintConfigCommand.Create(),
    ConvertCommand.Create(),
    EvalCommand.Create(),
    ConvertDatasetCommand.Create(),
    InferCommand.Create(),
    ExportCommand.Create(),
    AnalyzeLogsCommand.Create(),
    AnalyzeResultsCommand.Create(),
    ConfusionMatrixCommand.Create(),
    CocoErrorAnalysisCommand.Create(),
    BrowseDatasetCommand.Create(),
    FuseResultsCommand.Create(),
    PublishModelCommand.Create(),
    GetFlopsCommand.Create(),
    BenchmarkCommand.Create(),
    OptimizeAnchorsCommand.Create(),
    TestRobustnessCommand.Create(),
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
