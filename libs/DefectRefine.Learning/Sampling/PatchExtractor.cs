using System.Buffers;
using DefectRefine.Imaging;

namespace DefectRefine.Learning.Sampling;

/// <summary>
/// Cuts square patches (pixel / 255) out of grayscale images, mirroring the image at its borders the way
/// numpy 'reflect', OpenCV BORDER_REFLECT_101 and torch 'reflect' padding do, so a patch near the border and the
/// same pixel of a fully convolutional dense map see identical inputs.
/// </summary>
public static class PatchExtractor
{
    // Above this many patches the per-patch work outweighs the cost of spinning up parallel workers.
    private const int ParallelBatchThreshold = 256;

    // Dividing per pixel and looking the quotient up give the same float; the table is just cheaper.
    private static readonly float[] _scaled = BuildScaleTable();

    /// <summary>
    /// Maps any index onto [0, length) by reflecting about the first and last element without repeating them
    /// (-1 → 1, length → length - 2), which is periodic with period 2 * (length - 1).
    /// </summary>
    public static int Reflect(int index, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (length == 1)
            return 0;
        if ((uint)index < (uint)length)
            return index;
        // long: 2 * (length - 1) overflows int for lengths above int.MaxValue / 2.
        var period = 2L * (length - 1);
        var folded = index % period;
        if (folded < 0)
            folded += period;
        return (int)(folded < length ? folded : period - folded);
    }

    /// <summary>
    /// Writes the <paramref name="size"/> x <paramref name="size"/> patch centred on (<paramref name="x"/>,
    /// <paramref name="y"/>) row-major into <paramref name="destination"/>. The patch spans columns
    /// x - size / 2 .. x - size / 2 + size - 1 (rows likewise), so for an even size the centre pixel sits at
    /// index size / 2 of the patch.
    /// </summary>
    public static void Extract(GrayscaleImage image, int x, int y, int size, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireSize(size);
        RequireInside(image, x, y);
        var area = (long)size * size;
        if (destination.Length < area)
            throw new ArgumentOutOfRangeException(nameof(destination),
                $"A {size}x{size} patch needs {area} floats; the destination holds {destination.Length}.");
        ExtractUnchecked(image, x, y, size, destination);
    }

    /// <summary>Patch i of <paramref name="centres"/> occupies [i * size * size, (i + 1) * size * size).</summary>
    public static float[] ExtractBatch(
        IReadOnlyList<PatchCentre> centres, IReadOnlyDictionary<Guid, GrayscaleImage> images, int size)
    {
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(images);
        RequireSize(size);
        var area = size * size;
        var total = (long)centres.Count * area;
        if (total > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(centres),
                $"{centres.Count} patches of {size}x{size} need {total} floats, more than one array can hold.");

        // Resolve and check every centre before writing so that a bad one surfaces as itself, not inside an
        // AggregateException from a parallel worker.
        var resolved = new GrayscaleImage[centres.Count];
        for (var i = 0; i < centres.Count; i++)
        {
            var centre = centres[i];
            if (!images.TryGetValue(centre.ImageId, out var image))
                throw new KeyNotFoundException($"Patch {i} refers to image {centre.ImageId}, which was not supplied.");
            RequireInside(image, centre.X, centre.Y);
            resolved[i] = image;
        }

        var patches = new float[total];
        if (centres.Count > ParallelBatchThreshold)
            Parallel.For(0, centres.Count, i =>
                ExtractUnchecked(resolved[i], centres[i].X, centres[i].Y, size, patches.AsSpan(i * area, area)));
        else
            for (var i = 0; i < centres.Count; i++)
                ExtractUnchecked(resolved[i], centres[i].X, centres[i].Y, size, patches.AsSpan(i * area, area));
        return patches;
    }

    /// <summary>
    /// The whole image (pixel / 255) reflect-padded by <paramref name="pad"/> on every side, row-major,
    /// (width + 2 * pad) x (height + 2 * pad). With pad = size / 2 the size x size window whose top-left is (x, y)
    /// equals <see cref="Extract"/> at (x, y), which is what lets a dense map be computed fully convolutionally.
    /// </summary>
    public static float[] PadReflect(GrayscaleImage image, int pad)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(pad);
        return ReflectWindow(image, -pad, -pad, image.Height + (2L * pad), image.Width + (2L * pad));
    }

    /// <summary>
    /// The <paramref name="height"/> x <paramref name="width"/> window (pixel / 255, row-major) whose top-left is
    /// (<paramref name="left"/>, <paramref name="top"/>) in image coordinates, reflected wherever it leaves the image.
    /// </summary>
    public static float[] ReflectWindow(GrayscaleImage image, int top, int left, long height, long width)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (height < 1 || width < 1 || height * width > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(height),
                $"A {width}x{height} window of the {image.Width}x{image.Height} image is empty or more than one array can hold.");

        var columns = new int[width];
        for (var c = 0; c < width; c++)
            columns[c] = Reflect(left + c, image.Width);

        var window = new float[height * width];
        for (var r = 0; r < height; r++)
        {
            var source = image.Pixels.AsSpan(Reflect(top + r, image.Height) * image.Width, image.Width);
            var target = window.AsSpan((int)(r * width), (int)width);
            for (var c = 0; c < width; c++)
                target[c] = _scaled[source[columns[c]]];
        }
        return window;
    }

    private static void ExtractUnchecked(GrayscaleImage image, int x, int y, int size, Span<float> destination)
    {
        var left = x - (size / 2);
        var top = y - (size / 2);
        var pixels = image.Pixels;
        var width = image.Width;

        if (left >= 0 && top >= 0 && left + size <= width && top + size <= image.Height)
        {
            for (var r = 0; r < size; r++)
                Scale(pixels.AsSpan(((top + r) * width) + left, size), destination.Slice(r * size, size));
            return;
        }

        // Reflecting the columns once per patch rather than once per pixel keeps border patches nearly as cheap.
        int[]? rented = null;
        var columns = size <= 256 ? stackalloc int[size] : (rented = ArrayPool<int>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            for (var c = 0; c < size; c++)
                columns[c] = Reflect(left + c, width);
            for (var r = 0; r < size; r++)
            {
                var row = pixels.AsSpan(Reflect(top + r, image.Height) * width, width);
                var target = destination.Slice(r * size, size);
                for (var c = 0; c < size; c++)
                    target[c] = _scaled[row[columns[c]]];
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static void Scale(ReadOnlySpan<byte> source, Span<float> target)
    {
        for (var i = 0; i < source.Length; i++)
            target[i] = _scaled[source[i]];
    }

    private static void RequireSize(int size)
    {
        if (size < 1)
            throw new ArgumentOutOfRangeException(nameof(size), size, "The patch size must be at least 1 pixel.");
    }

    private static void RequireInside(GrayscaleImage image, int x, int y)
    {
        if (x < 0 || y < 0 || x >= image.Width || y >= image.Height)
            throw new ArgumentOutOfRangeException(nameof(x),
                $"The patch centre ({x}, {y}) is outside the {image.Width}x{image.Height} image.");
    }

    private static float[] BuildScaleTable()
    {
        var table = new float[256];
        for (var i = 0; i < table.Length; i++)
            table[i] = i / 255f;
        return table;
    }
}
