using Detect.Config;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Analysis.Data;

/// <summary>
/// The one place the analysis tools read an experiment: its test dataset (annotation file, data root,
/// classes: what analyze-results and confusion-matrix compare results with) and its training dataset
/// with the training pipeline (what browse-dataset shows). Everything else in this library takes plain
/// datasets and pipelines, so it does not depend on how experiments are found or configured.
/// </summary>
public static class ExperimentData
{
    /// <summary>The test loader's dataset (MMDetection's <c>cfg.test_dataloader.dataset</c>, test mode as the tools set it).</summary>
    /// <exception cref="ConfigurationException">No test dataset, or not a COCO-format one.</exception>
    public static CocoDataset TestDataset(IExperiment experiment) =>
        Build(experiment.Config.TestDataloader, "test_dataloader", experiment.Name);

    /// <summary>The train loader's dataset and the training pipeline (augmentations included).</summary>
    /// <exception cref="ConfigurationException">No train dataset, not a COCO-format one, or a pipeline that does not compose.</exception>
    public static (CocoDataset Dataset, Pipeline<DataInfo, PackedDetInputs> Pipeline) TrainData(IExperiment experiment) =>
        (Build(experiment.Config.TrainDataloader, "train_dataloader", experiment.Name), experiment.BuildTrainPipeline());

    static CocoDataset Build(DataLoaderConfig? loader, string key, string name)
    {
        var config = loader?.Dataset ?? throw new ConfigurationException($"{name}: {key} has no dataset.");
        return config.Build() as CocoDataset
            ?? throw new ConfigurationException($"{name}: {key}.dataset is '{config.TypeName}'; the analysis tools read COCO-format datasets (CocoDataset).");
    }
}
