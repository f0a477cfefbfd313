using Detect.Config;
using Detect.Data;
using Detect.Engine;
using Detect.Platform;
using Detect.Structures;
using Detect.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Inference;

/// <summary>
/// MMDetection's <c>DetInferencer</c>: a detector, its experiment's test pipeline and its class names, run on files,
/// folders, globs, lists and in-memory images in batches, writing <c>preds/NAME.json</c> and <c>vis/NAME.jpg</c> and
/// returning every image's predictions.
/// </summary>
/// <example>
/// <code>
/// using var inferencer = DetInferencer.FromExperiment(new ShapesFcos(), "work_dirs/shapes_fcos/epoch_8.pth");
/// var results = inferencer.Run(["data/shapes/val"], new InferencerCallOptions { BatchSize = 4, OutDir = "outputs" });
/// using var one = inferencer.Run([InferenceInput.FromBitmap(bitmap)])[0];   // one.Instances: boxes, labels, scores
/// </code>
/// </example>
public sealed class DetInferencer : IDisposable
{
    readonly Action<string> log;

    /// <summary>An inferencer over a built model (put in evaluation mode; its device is where inference runs).</summary>
    /// <param name="model">The detector; the inferencer owns and disposes it.</param>
    /// <param name="pipeline">How images become model inputs.</param>
    /// <param name="classes">Class names by label; null draws "class N".</param>
    /// <param name="palette">Class colours; null: <see cref="Visualization.Palette"/>'s.</param>
    /// <param name="log">Where warnings and printed results go (the console by default).</param>
    public DetInferencer(DetectionModel model, InferencePipeline pipeline, IReadOnlyList<string>? classes,
        IReadOnlyList<(byte R, byte G, byte B)>? palette = null, Action<string>? log = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        Classes = classes;
        Palette = palette;
        this.log = log ?? Console.WriteLine;
        Model.eval();
    }

    /// <summary>
    /// The inferencer of <paramref name="experiment"/> (a zoo record, a user's record, one found by name with
    /// <see cref="ExperimentCatalog"/>): its model with <paramref name="weights"/> loaded, or randomly initialized with a
    /// warning when null; its test pipeline; the class names saved in the checkpoint, else its test dataset's.
    /// </summary>
    /// <exception cref="ConfigurationException">The experiment's model or test pipeline cannot be built.</exception>
    /// <exception cref="Checkpoints.CheckpointMismatchException">The weights do not fit the model.</exception>
    public static DetInferencer FromExperiment(IExperiment experiment, string? weights = null, string device = "auto", Action<string>? log = null)
    {
        log ??= Console.Error.WriteLine;
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        var pipeline = InferencePipeline.FromExperiment(experiment);
        var model = experiment.BuildModel();
        try
        {
            IReadOnlyList<string>? classes = null;
            if (weights is null) log($"warning: no weights given; {experiment.Name} runs with randomly initialized weights.");
            else classes = InferencerWeights.Load(model, weights, log);
            classes ??= (experiment.Config.TestDataloader?.Dataset as CocoDatasetConfig)?.Classes is { Count: > 0 } named ? [.. named] : null;
            if (classes is null) log($"warning: neither the weights nor {experiment.Name}'s test dataset name the classes; they are drawn as 'class N'.");
            model.to(DeviceSelector.Resolve(device));
            return new DetInferencer(model, pipeline, classes, log: log) { Tta = TestTimeAugmentation.For(experiment, pipeline) };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The inferencer of the experiment record <typeparamref name="TExperiment"/>.</summary>
    public static DetInferencer FromExperiment<TExperiment>(string? weights = null, string device = "auto", Action<string>? log = null)
        where TExperiment : IExperiment, new() => FromExperiment(new TExperiment(), weights, device, log);

    /// <summary>The detector (evaluation mode).</summary>
    public DetectionModel Model { get; }

    /// <summary>The test pipeline.</summary>
    public InferencePipeline Pipeline { get; }

    /// <summary>
    /// What <see cref="InferencerCallOptions.Tta"/> runs: the experiment's <c>tta_pipeline</c> / <c>tta_model</c> for an
    /// inferencer made <see cref="FromExperiment(IExperiment, string?, string, Action{string}?)"/>, else the flip TTA over
    /// <see cref="Pipeline"/> (<see cref="TestTimeAugmentation"/>).
    /// </summary>
    public TestTimeAugmentation Tta
    {
        get => tta ??= TestTimeAugmentation.Flip(Pipeline);
        init => tta = value;
    }

    TestTimeAugmentation? tta;

    /// <summary>Class names by label, or null.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>Class colours, or null for the default palette.</summary>
    public IReadOnlyList<(byte R, byte G, byte B)>? Palette { get; }

    /// <summary>Runs on image files, folders (their images, by name) and globs (<c>data/*.jpg</c>).</summary>
    /// <exception cref="FileNotFoundException">An input names nothing.</exception>
    public IReadOnlyList<ImagePrediction> Run(IEnumerable<string> inputs, InferencerCallOptions? options = null) =>
        Run([.. InferenceInputs.Expand(inputs).Select(InferenceInput.FromFile)], options);

    /// <summary>
    /// Runs on <paramref name="inputs"/> in batches of <see cref="InferencerCallOptions.BatchSize"/> (or, with
    /// <see cref="InferencerCallOptions.Slice"/>, patch by patch) and writes what the options ask; returns every image's
    /// predictions in input order (the caller disposes them).
    /// </summary>
    public IReadOnlyList<ImagePrediction> Run(IReadOnlyList<InferenceInput> inputs, InferencerCallOptions? options = null)
    {
        options = (options ?? new InferencerCallOptions()).Validate();
        var outputs = new InferenceOutputs(options, Classes ?? [], Palette, log);
        var results = new List<ImagePrediction>(inputs.Count);
        var tta = options.Tta ? Tta : null;
        using var progress = options.ShowProgress && inputs.Count > 1 && ConsoleProgress.Supported ? new ConsoleProgress("inference", inputs.Count, 0) : null;
        try
        {
            var named = inputs.Select((input, i) => (Input: input, Id: (long)i, Name: NameOf(input, i))).ToList();
            foreach (var chunk in options.Slice is null ? named.Chunk(options.BatchSize) : named.Select(n => new[] { n }))
            {
                try
                {
                    results.AddRange(options.Slice is { } slice
                        ? [SlicedPredictor.Predict(this, chunk[0].Input, chunk[0].Id, chunk[0].Name, slice, options.BatchSize, outputs)]
                        : PredictBatch(chunk, outputs, tta));
                }
                catch (Exception e) when (FailureContext.NoteStage(e, $"detecting objects in {string.Join(", ", chunk.Select(c => c.Input.Path ?? c.Name))}"))
                {
                    throw; // not reached: the filter notes the stage and lets the exception pass
                }
                progress?.Main.Increment(chunk.Length);
            }
            return results;
        }
        catch
        {
            foreach (var result in results) result.Dispose();
            throw;
        }
    }

    /// <summary>One forward pass over images already packed by the pipeline; predictions on the CPU, detached from dispose scopes.</summary>
    internal IReadOnlyList<InstanceData> Predict(IReadOnlyList<PackedDetInputs> packed)
    {
        using var batch = Collate.Detection(packed);
        using var scope = NewDisposeScope();
        return [.. Model.Predict(batch).Select(s => s.PredInstances!.To(CPU).DetachFromDisposeScope())];
    }

    /// <summary>
    /// One forward pass per test-time view (<paramref name="tta"/>'s views of each image), merged per image by its merger
    /// (MMDetection's <c>DetTTAModel</c>); boxes, labels, scores (and masks) on the CPU.
    /// </summary>
    internal IReadOnlyList<InstanceData> PredictWithTta(IReadOnlyList<PipelineSample> loaded, IReadOnlyList<long> ids, TestTimeAugmentation tta)
    {
        var views = new List<TtaInputs>(loaded.Count);
        try
        {
            for (int i = 0; i < loaded.Count; i++)
                views.Add(tta.Views.Apply(loaded[i], TransformContext.FromSeed(unchecked((int)ids[i])))
                    ?? throw new InvalidDataException($"the test-time augmentation dropped image {ids[i]}."));
        }
        catch
        {
            foreach (var view in views) view.Dispose();
            throw;
        }
        using var batch = Collate.TestTimeAug(views);
        using var scope = NewDisposeScope();
        return [.. tta.Merger.Predict(Model, batch).Select(s => s.PredInstances!.To(CPU).DetachFromDisposeScope())];
    }

    IEnumerable<ImagePrediction> PredictBatch(IReadOnlyList<(InferenceInput Input, long Id, string Name)> chunk, InferenceOutputs outputs,
        TestTimeAugmentation? tta)
    {
        var loaded = chunk.Select(c => Pipeline.Load(c.Input, c.Id, c.Name)).ToList();
        IReadOnlyList<InstanceData> predictions;
        if (tta is not null) predictions = PredictWithTta(loaded, [.. chunk.Select(c => c.Id)], tta);
        else
        {
            var packed = new List<PackedDetInputs>(chunk.Count);
            try
            {
                for (int i = 0; i < chunk.Count; i++)
                    packed.Add(Pipeline.AfterLoad.Apply(loaded[i], TransformContext.FromSeed(unchecked((int)chunk[i].Id)))
                        ?? throw new InvalidDataException($"{chunk[i].Input.Path ?? chunk[i].Name}: the test pipeline dropped the image."));
            }
            catch
            {
                foreach (var p in packed) p.Dispose();
                throw;
            }
            predictions = Predict(packed);
        }
        var results = new List<ImagePrediction>(chunk.Count);
        for (int i = 0; i < chunk.Count; i++)
        {
            var original = loaded[i].Img;
            results.Add(new ImagePrediction(chunk[i].Name, chunk[i].Input.Path, (original.Height, original.Width), predictions[i]));
            outputs.Write(chunk[i].Name, original, predictions[i]);
        }
        return results;
    }

    /// <summary>MMDetection's output names: a file's name without its extension; an in-memory image's position, 8 digits.</summary>
    static string NameOf(InferenceInput input, int index) =>
        input.Name ?? (input.Path is { } path ? Path.GetFileNameWithoutExtension(path) : index.ToString("D8", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}
