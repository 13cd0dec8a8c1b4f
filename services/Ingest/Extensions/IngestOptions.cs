using DefectRefine.Annotations;
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

    /// <summary>An import of more images than this is refused before any image is read (the import is one transaction).</summary>
    public int MaxImagesPerImport { get; set; } = 20_000;

    /// <summary>One image's label file in an import (a VOC XML, a YOLO txt); a larger one is refused unread.</summary>
    public long MaxLabelFileBytes { get; set; } = ImportFolderOptions.DefaultMaxLabelFileBytes;

    /// <summary>A file that labels a whole import (the COCO JSON, a provenance record), parsed in memory as a whole.</summary>
    public long MaxAnnotationsFileBytes { get; set; } = ImportFolderOptions.DefaultMaxAnnotationsFileBytes;

    public ImageLimits Limits => new(MaxImageSide, MaxImageBytes, MaxImagePixels);
}
