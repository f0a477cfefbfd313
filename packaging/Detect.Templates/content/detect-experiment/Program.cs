// Trains the experiment declared in MyDetectorExperiment.cs. Arguments are the experiment's own:
// dotnet run -- [--cfg-options key=value ...] [--work-dir DIR] [--resume] [--device auto|cpu|cuda]
return new MyDetector.MyDetectorExperiment().Train(args).ExitCode;
