namespace Detect.Inference;

/// <summary>
/// The arguments of one <c>DetInferencer.Run</c> call, named as MMDetection's <c>DetInferencer.__call__</c>
/// (<c>batch_size</c>, <c>pred_score_thr</c>, <c>out_dir</c>, <c>no_save_vis</c>, <c>no_save_pred</c>, <c>print_result</c>).
/// </summary>
public sealed record InferencerCallOptions
{
    /// <summary><c>batch_size</c>: images per forward pass.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary><c>pred_score_thr</c>: predictions scoring at least this are drawn and counted; the JSON keeps every prediction.</summary>
    public double PredScoreThr { get; init; } = 0.3;

    /// <summary><c>out_dir</c>: where <c>preds/NAME.json</c> and <c>vis/NAME.jpg</c> go; null writes nothing.</summary>
    public string? OutDir { get; init; }

    /// <summary><c>no_save_vis</c>: do not draw <c>vis/NAME.jpg</c>.</summary>
    public bool NoSaveVis { get; init; }

    /// <summary><c>no_save_pred</c>: do not write <c>preds/NAME.json</c>.</summary>
    public bool NoSavePred { get; init; }

    /// <summary><c>print_result</c>: print each image's predictions (the JSON MMDetection prints).</summary>
    public bool PrintResult { get; init; }

    /// <summary>Show a progress bar when the console is a terminal (MMDetection's rich progress bar).</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>
    /// Test-time augmentation (<see cref="DetInferencer.Tta"/>): the experiment's <c>tta_pipeline</c> views merged as its
    /// <c>tta_model</c> says; without them each image predicted flipped and as it is, merged with MMDetection's
    /// <c>DetTTAModel</c> defaults (NMS at IoU 0.5, 100 per image). Masks go with their boxes.
    /// </summary>
    public bool Tta { get; init; }

    /// <summary>Slice each image into overlapping patches and merge their predictions (the large-image demo); null: whole images.</summary>
    public SliceOptions? Slice { get; init; }

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public InferencerCallOptions Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"batch_size must be at least 1, got {BatchSize}.");
        if (!(PredScoreThr >= 0 && PredScoreThr <= 1)) throw new ArgumentException($"pred_score_thr must be in [0, 1], got {PredScoreThr}.");
        Slice?.Validate();
        if (Tta && Slice is not null) throw new ArgumentException("test-time augmentation and sliced inference do not combine; choose one.");
        return this;
    }
}
