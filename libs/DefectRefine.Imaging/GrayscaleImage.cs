namespace DefectRefine.Imaging;

/// <summary>An 8-bit single-channel image, row-major: what the patch model sees.</summary>
public sealed class GrayscaleImage
{
    public GrayscaleImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"Expected {width}x{height} = {(long)width * height} pixels, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public byte this[int x, int y] => Pixels[(y * Width) + x];
}
