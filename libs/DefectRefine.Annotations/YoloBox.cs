using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>A YOLO box: centre and size as fractions of the image's width and height.</summary>
public sealed record YoloBox(int ClassId, double CentreX, double CentreY, double Width, double Height, int Line)
{
    /// <summary>
    /// The pixels the box covers in a <paramref name="imageWidth"/> x <paramref name="imageHeight"/> image: edges
    /// rounded to the nearest pixel edge, at least one pixel a side, inside the image.
    /// </summary>
    public PixelBox ToPixels(int imageWidth, int imageHeight)
    {
        var (x0, x1) = Span(CentreX, Width, imageWidth);
        var (y0, y1) = Span(CentreY, Height, imageHeight);
        return new PixelBox(x0, y0, x1 - x0, y1 - y0);
    }

    private static (int Start, int End) Span(double centre, double size, int side)
    {
        var start = (int)Math.Clamp(Math.Round((centre - (size / 2)) * side, MidpointRounding.AwayFromZero), 0, side);
        var end = (int)Math.Clamp(Math.Round((centre + (size / 2)) * side, MidpointRounding.AwayFromZero), 0, side);
        // A box thinner than a pixel still marks the pixel it lies on.
        if (end <= start)
            (start, end) = start < side ? (start, start + 1) : (side - 1, side);
        return (start, end);
    }
}
