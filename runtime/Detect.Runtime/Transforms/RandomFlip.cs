using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// Flips the image, boxes and masks at random (MMDetection's <c>RandomFlip</c>), choosing among
/// directions and "no flip" as mmcv does: with one <c>prob</c> and n directions each direction has
/// probability prob / n; with a list of probabilities, direction i has prob[i]. Boxes follow
/// x' = w − x (horizontal), y' = h − y (vertical), both (diagonal), with no "+1".
/// </summary>
public sealed class RandomFlip : SampleTransform
{
    readonly FlipDirection?[] choices;
    readonly double[] cumulative;

    /// <summary>Flips in <paramref name="direction"/> with probability <paramref name="prob"/>.</summary>
    public RandomFlip(double prob, FlipDirection direction = FlipDirection.Horizontal) : this([prob], [direction], single: true) { }

    /// <summary>Flips in one of <paramref name="direction"/>, each with probability prob / count.</summary>
    public RandomFlip(double prob, IReadOnlyList<FlipDirection> direction) : this([prob], direction, single: true) { }

    /// <summary>Flips in direction i with probability prob[i].</summary>
    public RandomFlip(IReadOnlyList<double> prob, IReadOnlyList<FlipDirection> direction) : this(prob, direction, single: false) { }

    RandomFlip(IReadOnlyList<double> prob, IReadOnlyList<FlipDirection> direction, bool single)
    {
        if (direction.Count == 0) throw new ArgumentException("RandomFlip needs at least one direction.", nameof(direction));
        foreach (var d in direction)
            if (!Enum.IsDefined(d)) throw new ArgumentOutOfRangeException(nameof(direction), d, "Unknown flip direction.");
        double[] probs;
        if (single)
        {
            if (prob[0] is < 0 or > 1) throw new ArgumentException($"prob must be in [0, 1], got {prob[0]}.", nameof(prob));
            probs = Enumerable.Repeat(prob[0] / direction.Count, direction.Count).ToArray();
        }
        else
        {
            if (prob.Count != direction.Count)
                throw new ArgumentException($"prob has {prob.Count} entries but direction has {direction.Count}.", nameof(prob));
            if (prob.Any(p => p < 0) || prob.Sum() > 1)
                throw new ArgumentException($"prob entries must be ≥ 0 and sum to at most 1, got [{string.Join(", ", prob)}].", nameof(prob));
            probs = [.. prob];
        }
        Prob = single ? prob[0] : null;
        Probs = single ? null : probs;
        Direction = [.. direction];
        choices = [.. direction.Cast<FlipDirection?>(), null];
        cumulative = new double[choices.Length];
        double sum = 0;
        for (int i = 0; i < probs.Length; i++) cumulative[i] = sum += probs[i];
        cumulative[^1] = 1.0;
    }

    /// <summary>The single probability shared by the directions, when given that way.</summary>
    public double? Prob { get; }

    /// <summary>Per-direction probabilities, when given that way.</summary>
    public IReadOnlyList<double>? Probs { get; }

    /// <summary>The directions.</summary>
    public IReadOnlyList<FlipDirection> Direction { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("prob", Prob is { } p ? p : Probs), ("direction", Direction.Count == 1 && Prob is not null ? Direction[0] : Direction)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        double u = context.Rng.NextDouble();
        int choice = Array.FindIndex(cumulative, c => u < c);
        return choices[choice < 0 ? ^1 : choice] is { } direction
            ? FlipSample(input, direction)
            : input with { Flip = false, FlipDirection = null };
    }

    /// <summary>Flips image, boxes and masks in <paramref name="direction"/> and records it.</summary>
    public static PipelineSample FlipSample(PipelineSample input, FlipDirection direction)
    {
        var image = FlipImage(input.Img, direction);
        var gt = input.Gt;
        if (gt is not null)
            gt = gt with
            {
                Bboxes = BoxOps.Flip(gt.Bboxes, image.Height, image.Width, direction),
                Masks = gt.Masks is { } m ? m.Map(m.Height, m.Width, (s, d) => ImageGeometry.Flip(s, m.Height, m.Width, 1, d, direction)) : null,
            };
        return input with { Img = image, Gt = gt, Flip = true, FlipDirection = direction.ToMmdetName() };
    }

    /// <summary>mmcv.imflip.</summary>
    public static ImageBuffer FlipImage(ImageBuffer image, FlipDirection direction)
    {
        var flipped = ImageBuffer.Uninitialized(image.Height, image.Width, image.Channels);
        ImageGeometry.Flip(image.Pixels, image.Height, image.Width, image.Channels, flipped.Data, direction);
        return flipped;
    }
}
