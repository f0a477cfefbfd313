namespace Detect.Transforms;

/// <summary>
/// Test-time augmentation (mmcv's <c>TestTimeAug</c>): every combination of one transform from each
/// list, followed by <c>pack</c>, applied to the same sample — e.g. two scales × flip/no flip = four
/// views. The views' predictions are merged by <see cref="DetTtaMerger"/>.
/// </summary>
/// <example>
/// <code>
/// var tta = new TestTimeAug(
///     [[new Resize((1333, 640), keepRatio: true), new Resize((1333, 800), keepRatio: true)],
///      [new RandomFlip(1.0), new RandomFlip(0.0)]]);
/// </code>
/// MMDetection's configs end the list with <c>[PackDetInputs(...)]</c>: a last step whose one transform packs is the
/// packing step (a config's <c>tta_pipeline</c> is written so); otherwise <c>pack</c>, PackDetInputs by default.
/// </example>
public sealed class TestTimeAug : Transform<PipelineSample, TtaInputs>
{
    readonly IReadOnlyList<IReadOnlyList<SampleTransform>> transforms;
    readonly Pipeline<PipelineSample, PackedDetInputs>[] subroutines;

    /// <summary>Creates the transform.</summary>
    /// <param name="transforms">Steps of alternatives; the views are their cartesian product, in order.</param>
    /// <param name="pack">The packing step after each combination; null: the last step when it is one packing transform, else PackDetInputs.</param>
    /// <exception cref="ArgumentException">No steps, an empty step, or a transform that does not map a sample to a sample before packing.</exception>
    public TestTimeAug(IReadOnlyList<TtaChoice> transforms, Transform<PipelineSample, PackedDetInputs>? pack = null)
    {
        if (transforms is null || transforms.Count == 0)
            throw new ArgumentException("TestTimeAug needs at least one step of transforms.", nameof(transforms));
        var steps = transforms.ToList();
        if (pack is null && steps[^1] is [Transform<PipelineSample, PackedDetInputs> last])
        {
            pack = last;
            steps.RemoveAt(steps.Count - 1);
        }
        this.transforms = steps.Select((step, i) => (IReadOnlyList<SampleTransform>)[.. step.Select(t => t as SampleTransform ?? throw new ArgumentException(
            $"TestTimeAug step {i}: {t.Name} maps {t.InputType.Name} to {t.OutputType.Name}; before packing each view's steps map a sample to a sample.",
            nameof(transforms)))]).ToList();
        Pack = pack ?? new PackDetInputs();
        IEnumerable<Pipeline<PipelineSample, PipelineSample>> combos = [Pipeline.Start<PipelineSample>()];
        foreach (var alternatives in this.transforms)
            combos = combos.SelectMany(c => alternatives.Select(c.Then));
        subroutines = combos.Select(c => c.Then(Pack)).ToArray();
    }

    /// <summary>The packing step.</summary>
    public Transform<PipelineSample, PackedDetInputs> Pack { get; }

    /// <summary>The view pipelines, in output order.</summary>
    public IReadOnlyList<Pipeline<PipelineSample, PackedDetInputs>> Subroutines => subroutines;

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters => [("transforms", transforms), ("pack", Pack)];

    /// <inheritdoc />
    public override TtaInputs Apply(PipelineSample input, TransformContext context)
    {
        var views = new List<PackedDetInputs>(subroutines.Length);
        try
        {
            foreach (var subroutine in subroutines)
                views.Add(subroutine.Apply(input, context) ?? throw new InvalidOperationException(
                    $"TestTimeAug: {subroutine} dropped {input.Info.ImgPath}; test-time views must not drop samples."));
        }
        catch
        {
            foreach (var view in views) view.Dispose();
            throw;
        }
        return new TtaInputs(views);
    }
}

/// <summary>The views TestTimeAug made of one image, in subroutine order.</summary>
/// <param name="Views">One packed input per view.</param>
public sealed record TtaInputs(IReadOnlyList<PackedDetInputs> Views) : IDisposable
{
    /// <summary>Disposes every view.</summary>
    public void Dispose()
    {
        foreach (var view in Views) view.Dispose();
    }
}
