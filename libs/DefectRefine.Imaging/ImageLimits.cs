namespace DefectRefine.Imaging;

/// <summary>
/// Bounds on what an import may decode; they keep decompression bombs and absurd scans out of memory. The side and
/// pixel limits are checked against the header before anything is decoded: a 200 KB PNG can declare 16384×16384
/// pixels of zeros, which is a side the scanner may produce but 256 MB the decoder should never be asked for.
/// </summary>
public sealed record ImageLimits(int MaxSide = 16384, long MaxBytes = 50L * 1024 * 1024, long MaxPixels = 64L * 1024 * 1024)
{
    public static ImageLimits Default { get; } = new();

    /// <summary>Why an image of this size is refused ("The image declares …"), or null when it is within the limits.</summary>
    public string? Refusal(int width, int height, string what, bool declared)
    {
        var verb = declared ? "declares" : "is";
        if (width > MaxSide || height > MaxSide)
            return $"{what} {verb} {width}x{height}; at most {MaxSide} px a side is accepted.";
        if ((long)width * height > MaxPixels)
            return $"{what} {verb} {width}x{height} = {(long)width * height:N0} pixels; at most {MaxPixels:N0} are accepted.";
        return null;
    }
}
