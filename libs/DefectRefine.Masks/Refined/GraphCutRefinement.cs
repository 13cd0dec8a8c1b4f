using DefectRefine.Imaging;
using OpenCvSharp;

namespace DefectRefine.Masks.Refined;

/// <summary>
/// Snaps a model's dense map to the image's own edges before it is composed into a refined mask: GrabCut (OpenCV),
/// seeded with the model's decision as "probably defect / probably background" inside the labels' prior region, with
/// everything outside that region and every expert label as certain. The model says what a defect looks like across the
/// project; the graph cut makes each image's mask follow that image's intensities and boundaries, and spreads an
/// expert's label to the pixels that look like it. The result then goes through <see cref="RefinedMaskComposer"/>, so the
/// prior and the expert's labels bind it exactly as they bind the model's map.
/// </summary>
public static class GraphCutRefinement
{
    public const int DefaultIterations = 3;

    public static BinaryMask Compose(GrayscaleImage image, ReadOnlySpan<float> probability, BinaryMask initial, LabelPrior prior,
        ExpertLayer? expert = null, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(initial);
        if (image.Width != initial.Width || image.Height != initial.Height)
            throw new ArgumentException($"The labels are {initial.Width}x{initial.Height}, the image {image.Width}x{image.Height}.", nameof(initial));
        if (probability.Length != initial.PixelCount)
            throw new ArgumentException($"A {initial.Width}x{initial.Height} image needs {initial.PixelCount} probabilities, got {probability.Length}.", nameof(probability));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);

        var cut = Cut(image, probability, initial, prior, expert, iterations);
        if (cut is null)
            return RefinedMaskComposer.Compose(probability, initial, prior, expert);

        // Where the cut and the model agree the pixel stays as confident as the model was; where the cut overrules the
        // model, it lands just across the threshold, so the composer's "each region keeps a defect" still ranks by the model.
        var blended = new float[probability.Length];
        for (var i = 0; i < blended.Length; i++)
            blended[i] = cut[i] ? 0.5f + (0.5f * probability[i]) + 1e-4f : 0.5f * probability[i];
        return RefinedMaskComposer.Compose(blended, initial, prior, expert);
    }

    /// <summary>The cut's foreground, or null when the seeds leave GrabCut nothing to separate (one class only).</summary>
    private static bool[]? Cut(GrayscaleImage image, ReadOnlySpan<float> probability, BinaryMask initial, LabelPrior prior, ExpertLayer? expert, int iterations)
    {
        var allowed = prior == LabelPrior.None ? null : PriorRegion.Allowed(initial);
        var seeds = new byte[probability.Length];
        int foreground = 0, background = 0;
        for (var i = 0; i < seeds.Length; i++)
        {
            byte seed;
            if (expert is not null && expert.Known.Get(i))
                seed = expert.Defect.Get(i) ? (byte)GrabCutClasses.FGD : (byte)GrabCutClasses.BGD;
            else if (allowed is not null && !allowed.Get(i))
                seed = (byte)GrabCutClasses.BGD;
            else
                seed = probability[i] > 0.5f ? (byte)GrabCutClasses.PR_FGD : (byte)GrabCutClasses.PR_BGD;
            seeds[i] = seed;
            if (seed is (byte)GrabCutClasses.FGD or (byte)GrabCutClasses.PR_FGD)
                foreground++;
            else
                background++;
        }
        // GrabCut fits one colour model per class; with no pixel in a class it has nothing to fit.
        if (foreground == 0 || background == 0)
            return null;

        using var gray = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, image.Pixels);
        using var colour = new Mat();
        Cv2.CvtColor(gray, colour, ColorConversionCodes.GRAY2BGR);
        using var mask = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, seeds);
        using var backgroundModel = new Mat();
        using var foregroundModel = new Mat();
        // GrabCut's GMM initialisation draws from OpenCV's global generator: seed it so a refinement is reproducible.
        Cv2.SetTheRNG(0x5EED);
        Cv2.GrabCut(colour, mask, default, backgroundModel, foregroundModel, iterations, GrabCutModes.InitWithMask);
        mask.GetArray(out byte[] labels);
        var cut = new bool[labels.Length];
        for (var i = 0; i < cut.Length; i++)
            cut[i] = labels[i] is (byte)GrabCutClasses.FGD or (byte)GrabCutClasses.PR_FGD;
        return cut;
    }
}
