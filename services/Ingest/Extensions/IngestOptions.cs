using DefectRefine.Imaging;

namespace DefectRefine.Ingest.Extensions;

/// <summary>Section "Ingest" of the configuration.</summary>
public sealed class IngestOptions
{
    /// <summary>Bulk imports read only below this folder; a request names a folder relative to it.</summary>
    public string ImportRoot { get; set; } = "imports";

    public int MaxImageSide { get; set; } = ImageLimits.Default.MaxSide;
    public long MaxImageBytes { get; set; } = ImageLimits.Default.MaxBytes;

    /// <summary>Width × height an image or mask may declare (a decompression bomb declares many and weighs little).</summary>
    public long MaxImagePixels { get; set; } = ImageLimits.Default.MaxPixels;

    /// <summary>An import of more images than this is refused before anything is read into memory.</summary>
    public int MaxImagesPerImport { get; set; } = 20_000;

    public ImageLimits Limits => new(MaxImageSide, MaxImageBytes, MaxImagePixels);
}
