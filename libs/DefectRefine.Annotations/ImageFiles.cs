namespace DefectRefine.Annotations;

/// <summary>What counts as an image file, and the key by which images and their label files are matched.</summary>
internal static class ImageFiles
{
    private static readonly HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff" };

    public static IReadOnlyCollection<string> Extensions => _extensions;

    public static bool IsImage(string path) => _extensions.Contains(Path.GetExtension(path));

    public static bool IsPng(string path) => Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path below <paramref name="folder"/> without its extension, '/' separated: "train/000001".</summary>
    public static string Key(string folder, string fullPath)
    {
        var relative = Path.GetRelativePath(folder, fullPath).Replace('\\', '/');
        var extension = Path.GetExtension(relative);
        return relative[..^extension.Length];
    }

    /// <summary>The declared size from the file's header (PNG, JPEG, BMP) without decoding it, or null.</summary>
    public static (int Width, int Height)? TryReadSize(string fullPath)
    {
        // JPEG headers can sit behind large EXIF blocks; 1 MB covers them without reading a whole big scan.
        const int headerBytes = 1 << 20;
        try
        {
            using var stream = File.OpenRead(fullPath);
            var buffer = new byte[(int)Math.Min(headerBytes, stream.Length)];
            stream.ReadExactly(buffer);
            return DefectRefine.Imaging.ImageHeader.TryReadSize(buffer);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
