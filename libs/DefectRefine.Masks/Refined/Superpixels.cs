using DefectRefine.Imaging;
using OpenCvSharp;
using OpenCvSharp.XImgProc;

namespace DefectRefine.Masks.Refined;

/// <summary>
/// An image cut into superpixels: small regions of similar grey level that follow its edges (OpenCV's SLICO, which
/// adapts its compactness to the image, so no constant is set per dataset). Computed over a window of the image, so
/// the cost of one answer does not grow with the image; pixels outside the window belong to no superpixel (-1).
/// </summary>
public sealed class Superpixels
{
    private readonly int[] _labels;

    private Superpixels(int width, int height, PixelBox window, int[] labels, int count)
    {
        Width = width;
        Height = height;
        Window = window;
        _labels = labels;
        Count = count;
    }

    /// <summary>The whole image's size.</summary>
    public int Width { get; }
    public int Height { get; }

    /// <summary>The part of the image that was cut into superpixels.</summary>
    public PixelBox Window { get; }

    public int Count { get; }

    /// <summary>The superpixel of pixel (x, y) of the image; -1 outside <see cref="Window"/>.</summary>
    public int this[int x, int y] =>
        x < Window.X || y < Window.Y || x >= Window.Right || y >= Window.Bottom ? -1 : _labels[((y - Window.Y) * Window.Width) + x - Window.X];

    /// <summary>
    /// Superpixels of about <paramref name="regionSize"/> pixels across, over <paramref name="window"/> (clipped to
    /// the image; the whole image when null).
    /// </summary>
    public static Superpixels Slic(GrayscaleImage image, int regionSize, PixelBox? window = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(regionSize, 2);
        var area = (window ?? new PixelBox(0, 0, image.Width, image.Height)).ClipTo(image.Width, image.Height)
            ?? throw new ArgumentOutOfRangeException(nameof(window), $"The window {window} lies outside the {image.Width}x{image.Height} image.");
        using var whole = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, image.Pixels);
        using var gray = new Mat(whole, new Rect(area.X, area.Y, area.Width, area.Height));
        using var slic = SuperpixelSLIC.Create(gray, SLICType.SLICO, regionSize);
        slic.Iterate(10);
        // Merges specks smaller than a quarter of a region into a neighbour, so every superpixel is one piece.
        slic.EnforceLabelConnectivity(25);
        using var labels = new Mat();
        slic.GetLabels(labels);
        labels.GetArray(out int[] values);
        return new Superpixels(image.Width, image.Height, area, values, slic.GetNumberOfSuperpixels());
    }
}
