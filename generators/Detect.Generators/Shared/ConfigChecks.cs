namespace Detect.Config.Checks;

/// <summary>All semantic checks of a merged config, in catalogue order.</summary>
internal static class ConfigChecks
{
    public static void Run(IConfigView root, ICheckReporter reporter, IFeatureProbe? probe = null)
    {
        ValueChecks.Check(root, reporter);
        CombinationChecks.Check(root, reporter);
        ShapeChecks.Check(root, reporter, probe);
        ClassChecks.Check(root, reporter);
        StageChecks.Check(root, reporter);
        PipelineChecks.Check(root, reporter);
        EvaluatorChecks.Check(root, reporter);
        ScheduleChecks.Check(root, reporter);
    }
}
