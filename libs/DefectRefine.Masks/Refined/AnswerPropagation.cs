namespace DefectRefine.Masks.Refined;

/// <summary>
/// How far one answered label reaches: from the answered pixel to the pixels that the image and the model both put
/// with it. The image's part is the answered pixel's superpixel; the model's part is that its map rates a pixel at
/// least as likely to hold the answered label as the answered pixel itself (or likelier than not). The region stays
/// connected to the answered pixel and inside the patch the expert looked at, so no answer speaks for what its
/// expert never saw.
/// </summary>
public static class AnswerPropagation
{
    /// <summary>
    /// The part of an image to cut into superpixels for an answer about the patch <paramref name="seen"/>: the patch
    /// with one patch of context on every side, so the superpixels at its edges follow the image, not the window.
    /// </summary>
    public static PixelBox Window(PixelBox seen) => new(seen.X - seen.Width, seen.Y - seen.Height, 3 * seen.Width, 3 * seen.Height);

    /// <summary>The region the label of pixel (x, y) reaches, with superpixels cut for this answer alone.</summary>
    public static BinaryMask Region(Imaging.GrayscaleImage image, int regionSize, ReadOnlySpan<float> probability, PixelBox seen, int x, int y, bool defect)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (x < 0 || y < 0 || x >= image.Width || y >= image.Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {image.Width}x{image.Height} image.");
        return Region(Superpixels.Slic(image, regionSize, Window(seen)), probability, seen, x, y, defect);
    }

    public static BinaryMask Region(Superpixels superpixels, ReadOnlySpan<float> probability, PixelBox seen, int x, int y, bool defect)
    {
        ArgumentNullException.ThrowIfNull(superpixels);
        var (width, height) = (superpixels.Width, superpixels.Height);
        if (probability.Length != width * height)
            throw new ArgumentException($"A map of {probability.Length} pixels does not fit a {width}x{height} image.", nameof(probability));
        if (x < 0 || y < 0 || x >= width || y >= height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {width}x{height} image.");

        // Defect answers reach pixels at least as defect-like as the answered one; background answers the reverse.
        var answered = Side(probability[(y * width) + x], defect);
        var threshold = Math.Min(answered, 0.5f);
        var label = superpixels[x, y];
        var region = new BinaryMask(width, height);
        var (left, top) = (Math.Max(0, seen.X), Math.Max(0, seen.Y));
        var (right, bottom) = (Math.Min(width, seen.Right), Math.Min(height, seen.Bottom));
        var stack = new Stack<(int X, int Y)>();
        region[x, y] = true;
        stack.Push((x, y));
        while (stack.Count > 0)
        {
            var (px, py) = stack.Pop();
            foreach (var (nx, ny) in (ReadOnlySpan<(int, int)>)[(px + 1, py), (px - 1, py), (px, py + 1), (px, py - 1)])
            {
                if (nx < left || ny < top || nx >= right || ny >= bottom || region[nx, ny] || superpixels[nx, ny] != label)
                    continue;
                if (Side(probability[(ny * width) + nx], defect) < threshold)
                    continue;
                region[nx, ny] = true;
                stack.Push((nx, ny));
            }
        }
        return region;
    }

    private static float Side(float probability, bool defect) => defect ? probability : 1f - probability;
}
