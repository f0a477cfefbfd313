using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// YOLOX's MixUp (MMDetection's <c>MixUp</c>): an image drawn from the dataset (the first of up to
/// <c>maxIters</c> draws that has boxes) is fitted into <c>imgScale</c> on a <c>padVal</c> canvas,
/// rescaled by a jitter from <c>ratioRange</c>, flipped horizontally with probability
/// 1 − <c>flipRatio</c> (MMDetection's comparison, kept), randomly cropped to the sample's size and
/// averaged with the sample, <c>(a + b) / 2</c> truncated; the boxes of both are kept where they still
/// overlap the image.
/// </summary>
/// <remarks>Needs a <see cref="IMixSource"/> (MultiImageMixDataset). Boxes only, as in MMDetection.</remarks>
public sealed class MixUp : SampleTransform, IMixingTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="imgScale">(w, h) canvas the drawn image is fitted into.</param>
    /// <param name="ratioRange">Scale jitter range.</param>
    /// <param name="flipRatio">MMDetection's flip ratio (flips when a uniform draw exceeds it).</param>
    /// <param name="padVal">Canvas fill value.</param>
    /// <param name="maxIters">Draws to find an image with boxes.</param>
    /// <param name="bboxClipBorder">Clip boxes to the image.</param>
    public MixUp((int Width, int Height)? imgScale = null, (double Min, double Max)? ratioRange = null, double flipRatio = 0.5,
        double padVal = 114.0, int maxIters = 15, bool bboxClipBorder = true)
    {
        if (maxIters < 1) throw new ArgumentException($"maxIters must be at least 1, got {maxIters}.", nameof(maxIters));
        ImgScale = imgScale ?? (640, 640);
        RatioRange = ratioRange ?? (0.5, 1.5);
        FlipRatio = flipRatio;
        PadVal = padVal;
        MaxIters = maxIters;
        BboxClipBorder = bboxClipBorder;
    }

    /// <summary>Canvas (w, h).</summary>
    public (int Width, int Height) ImgScale { get; }

    /// <summary>Scale jitter range.</summary>
    public (double Min, double Max) RatioRange { get; }

    /// <summary>Flip ratio.</summary>
    public double FlipRatio { get; }

    /// <summary>Canvas fill.</summary>
    public double PadVal { get; }

    /// <summary>Draws to find an image with boxes.</summary>
    public int MaxIters { get; }

    /// <summary>Whether boxes are clipped.</summary>
    public bool BboxClipBorder { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("imgScale", ImgScale), ("ratioRange", RatioRange), ("flipRatio", FlipRatio), ("padVal", PadVal),
         ("maxIters", MaxIters), ("bboxClipBorder", BboxClipBorder)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var source = MixingTransforms.Source(context, nameof(MixUp));
        var rng = context.Rng;
        PipelineSample retrieved = null!;
        for (int i = 0; i < MaxIters; i++)
        {
            retrieved = MixingTransforms.Load(source, rng.Next(source.Count), context, nameof(MixUp));
            if (retrieved.RequireGt(nameof(MixUp)).Count != 0) break;
        }
        var retrievedGt = MixingTransforms.BoxesOnly(retrieved, nameof(MixUp));
        var gt = MixingTransforms.BoxesOnly(input, nameof(MixUp));
        if (retrievedGt.Count == 0) return input;

        double jit = MixingTransforms.Uniform(rng, RatioRange.Min, RatioRange.Max);
        bool flip = MixingTransforms.Uniform(rng, 0, 1) > FlipRatio;
        var mixed = MixedImage(MixingTransforms.ColorImage(retrieved, nameof(MixUp)), jit, flip, rng,
            MixingTransforms.ColorImage(input, nameof(MixUp)), out double scale, out int originH, out int originW,
            out int xOffset, out int yOffset);

        int targetH = input.Img.Height, targetW = input.Img.Width;
        var boxes = BoxOps.Rescale(retrievedGt.Bboxes, scale, scale);
        if (BboxClipBorder) boxes = BoxOps.Clip(boxes, originH, originW);
        if (flip) boxes = BoxOps.Flip(boxes, originH, originW, FlipDirection.Horizontal);
        boxes = BoxOps.Translate(boxes, -xOffset, -yOffset);
        if (BboxClipBorder) boxes = BoxOps.Clip(boxes, targetH, targetW);

        var all = gt.Concat(retrievedGt with { Bboxes = boxes });
        all = all.Where(BoxOps.IsInside(all.Bboxes, targetH, targetW));
        return input with { Img = mixed, Gt = all };
    }

    ImageBuffer MixedImage(ImageBuffer retrieved, double jit, bool flip, Random rng, ImageBuffer original,
        out double scale, out int originH, out int originW, out int xOffset, out int yOffset)
    {
        byte pad = (byte)PadVal;
        // 1–2. Fit the drawn image into imgScale, top-left on a padVal canvas.
        var canvas = ImageBuffer.Filled(ImgScale.Height, ImgScale.Width, 3, pad);
        scale = Math.Min((double)ImgScale.Height / retrieved.Height, (double)ImgScale.Width / retrieved.Width);
        var fitted = Resize.ResizeImage(retrieved, (int)(retrieved.Height * scale), (int)(retrieved.Width * scale));
        ImageGeometry.Paste(fitted.Pixels, fitted.Width, 0, 0, canvas.Data, canvas.Width, 0, 0, fitted.Height, fitted.Width, 3);
        // 3–4. Jitter the scale, flip.
        scale *= jit;
        var jittered = Resize.ResizeImage(canvas, (int)(canvas.Height * jit), (int)(canvas.Width * jit));
        if (flip) jittered = RandomFlip.FlipImage(jittered, FlipDirection.Horizontal);
        // 5. Pad to at least the original's size and crop a window of that size at random.
        originH = jittered.Height;
        originW = jittered.Width;
        int targetH = original.Height, targetW = original.Width;
        int paddedH = Math.Max(originH, targetH), paddedW = Math.Max(originW, targetW);
        var padded = Pad.PadImage(jittered, paddedH, paddedW, pad);
        yOffset = paddedH > targetH ? rng.Next(0, paddedH - targetH) : 0;
        xOffset = paddedW > targetW ? rng.Next(0, paddedW - targetW) : 0;
        // 8. Average, truncated as numpy's astype(uint8) does.
        var mixed = ImageBuffer.Uninitialized(targetH, targetW, 3);
        var src = padded.Pixels;
        var orig = original.Pixels;
        for (int y = 0; y < targetH; y++)
        {
            int s = ((y + yOffset) * paddedW + xOffset) * 3, o = y * targetW * 3;
            for (int x = 0; x < targetW * 3; x++) mixed.Data[o + x] = (byte)((orig[o + x] + src[s + x]) >> 1);
        }
        return mixed;
    }
}
