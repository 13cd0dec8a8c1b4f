using DefectRefine.Imaging;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// An image as the pixel model sees it: zero mean and unit spread over the whole image. Steel images differ in
/// exposure from line to line and camera to camera; standardising per image makes a defect the departure from its own
/// image's texture rather than an absolute grey level, which is what carries to data the model was not tuned on.
/// </summary>
public sealed class StandardisedImage
{
    private const float MinimumSpread = 2f / 255f;

    public StandardisedImage(GrayscaleImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Width = image.Width;
        Height = image.Height;
        var source = image.Pixels;
        double sum = 0, squares = 0;
        foreach (var p in source)
        {
            sum += p;
            squares += (double)p * p;
        }
        var n = (double)source.Length;
        var mean = sum / n;
        var spread = Math.Max(MinimumSpread, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))) / 255.0);
        Values = new float[source.Length];
        for (var i = 0; i < source.Length; i++)
            Values[i] = (float)(((source[i] - mean) / 255.0) / spread);
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Values { get; }

    /// <summary>
    /// Copies the window at (<paramref name="left"/>, <paramref name="top"/>) of the given size into
    /// <paramref name="destination"/>; outside the image it mirrors (reflect padding, as the patch model does).
    /// </summary>
    public void CopyWindow(int left, int top, int width, int height, Span<float> destination)
    {
        for (var y = 0; y < height; y++)
        {
            var sy = Sampling.PatchExtractor.Reflect(top + y, Height);
            var row = Values.AsSpan(sy * Width, Width);
            var target = destination.Slice(y * width, width);
            if (left >= 0 && left + width <= Width)
            {
                row.Slice(left, width).CopyTo(target);
                continue;
            }
            for (var x = 0; x < width; x++)
                target[x] = row[Sampling.PatchExtractor.Reflect(left + x, Width)];
        }
    }
}
