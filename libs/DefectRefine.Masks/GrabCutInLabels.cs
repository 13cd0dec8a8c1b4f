using System.Runtime.InteropServices;
using DefectRefine.Imaging;
using OpenCvSharp;

namespace DefectRefine.Masks;

/// <summary>
/// What GrabCut made of the labels: the mask, how many boxes (components of the initial labels) there were, and in how
/// many of them the initial pixels were kept because GrabCut found no defect there or could not run.
/// </summary>
public sealed record GrabCutOutcome(BinaryMask Mask, int Boxes, int KeptBoxes)
{
    /// <summary>True when every box kept its initial pixels, so the mask is the initial labels (also for empty labels).</summary>
    public bool KeptInitial => KeptBoxes == Boxes;
}

/// <summary>
/// A reference with no expert and no learning: OpenCV's GrabCut seeded by the boxes of the initial labels. Every pixel
/// outside the bounding boxes of the labels' components is background for certain, every pixel inside is probably a
/// defect; GrabCut's colour models and graph cut then decide the inside. What a refinement must beat to be worth an
/// expert's time.
/// </summary>
public static class GrabCutInLabels
{
    public const int Iterations = 5;

    /// <summary>
    /// GrabCut fits 5 Gaussians per class by k-means, which needs at least that many pixels of each class; with fewer,
    /// the labels are kept rather than fitted.
    /// </summary>
    public const int MinimumPixelsPerClass = 5;

    // Fixed, so the same image and labels always give the same mask: GrabCut seeds its k-means from OpenCV's RNG.
    private const ulong RandomSeed = 0x6772616263757421;

    public static GrabCutOutcome Segment(GrayscaleImage image, BinaryMask initial)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(initial);
        var (width, height) = (image.Width, image.Height);
        if (initial.Width != width || initial.Height != height)
            throw new ArgumentException($"{initial.Width}x{initial.Height} labels do not fit a {width}x{height} image.", nameof(initial));
        var components = ConnectedComponents.Split(initial);
        if (components.Count == 0)
            return new GrabCutOutcome(new BinaryMask(width, height), 0, 0);

        var seeds = new byte[width * height]; // GC_BGD (0) outside every box
        foreach (var (component, _) in components)
            ForEach(component.Bounds, width, index => seeds[index] = (byte)GrabCutClasses.PR_FGD);
        var inside = seeds.Count(s => s != 0);
        if (inside < MinimumPixelsPerClass || seeds.Length - inside < MinimumPixelsPerClass)
            return new GrabCutOutcome(initial.Clone(), components.Count, components.Count);

        var labels = Run(image, seeds);
        var result = new BinaryMask(width, height);
        var kept = 0;
        foreach (var (component, single) in components)
        {
            var found = false;
            ForEach(component.Bounds, width, index =>
            {
                if (labels[index] is (byte)GrabCutClasses.FGD or (byte)GrabCutClasses.PR_FGD)
                {
                    result.Set(index, true);
                    found = true;
                }
            });
            if (found)
                continue;
            // A box is drawn around at least one defect: when GrabCut finds none in it, its labels stand.
            kept++;
            ForEach(component.Bounds, width, index =>
            {
                if (single.Get(index))
                    result.Set(index, true);
            });
        }
        return new GrabCutOutcome(result, components.Count, kept);
    }

    /// <summary>GrabCut in mask mode on the grey image as three equal channels; the seeds' classes in, GrabCut's classes out.</summary>
    private static byte[] Run(GrayscaleImage image, byte[] seeds)
    {
        var (width, height) = (image.Width, image.Height);
        using var grey = new Mat(height, width, MatType.CV_8UC1);
        Marshal.Copy(image.Pixels, 0, grey.Data, image.Pixels.Length);
        using var colour = new Mat();
        Cv2.CvtColor(grey, colour, ColorConversionCodes.GRAY2BGR);
        using var mask = new Mat(height, width, MatType.CV_8UC1);
        Marshal.Copy(seeds, 0, mask.Data, seeds.Length);
        using var background = new Mat();
        using var foreground = new Mat();
        Cv2.SetTheRNG(RandomSeed);
        Cv2.GrabCut(colour, mask, default, background, foreground, Iterations, GrabCutModes.InitWithMask);
        var labels = new byte[seeds.Length];
        Marshal.Copy(mask.Data, labels, 0, labels.Length);
        return labels;
    }

    private static void ForEach(PixelBox box, int width, Action<int> visit)
    {
        for (var y = box.Y; y < box.Bottom; y++)
            for (var x = box.X; x < box.Right; x++)
                visit((y * width) + x);
    }
}
