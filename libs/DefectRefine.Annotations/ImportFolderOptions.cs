using DefectRefine.Imaging;

namespace DefectRefine.Annotations;

/// <summary>Where the parts of an import folder are, all relative to its root; each has a default for the usual layout.</summary>
public sealed record ImportFolderOptions
{
    /// <summary>Mask PNGs: a pixel is a defect when its value (any colour channel) is above this.</summary>
    public byte Threshold { get; init; }

    /// <summary>
    /// The images. Default: "images" when it exists (COCO also tries each file_name from the root first; VOC tries
    /// "JPEGImages" before "images"), else the root.
    /// </summary>
    public string? ImagesSubfolder { get; init; }

    /// <summary>Mask PNGs only. Default: "masks" when it exists, else the images folder (x.jpg beside its mask x.png).</summary>
    public string? MasksSubfolder { get; init; }

    /// <summary>
    /// COCO: the JSON file (default: the single *.json in the root, else in "annotations"). VOC: the XML folder
    /// (default "Annotations", else "annotations", else the root). YOLO: the labels folder (default "labels", else
    /// beside the images).
    /// </summary>
    public string? AnnotationFile { get; init; }

    /// <summary>
    /// The provenance record of a generated (SIMULATED) data set, e.g. the steel generator's generation.json. Default:
    /// generation.json in the root when it exists. The label files it names are recorded as simulated, with its
    /// parameters; files it does not name are read as usual, never as simulated.
    /// </summary>
    public string? Provenance { get; init; }

    /// <summary>Bounds for decoding mask PNGs.</summary>
    public ImageLimits? Limits { get; init; }

    /// <summary>
    /// The most bytes one image's label file (a VOC XML, a YOLO txt) may hold; a larger one is refused before it is
    /// read. A real one holds a few kilobytes.
    /// </summary>
    public long MaxLabelFileBytes { get; init; } = DefaultMaxLabelFileBytes;

    /// <summary>
    /// The most bytes a file that labels the whole folder (the COCO JSON, the provenance record) may hold; a larger one
    /// is refused before it is read, since it is parsed in memory as a whole.
    /// </summary>
    public long MaxAnnotationsFileBytes { get; init; } = DefaultMaxAnnotationsFileBytes;

    /// <summary>How the caller names the two caps in a refusal, e.g. "setting Ingest:MaxLabelFileBytes"; none by default.</summary>
    public string? LabelFileCapName { get; init; }

    /// <inheritdoc cref="LabelFileCapName"/>
    public string? AnnotationsFileCapName { get; init; }

    public const long DefaultMaxLabelFileBytes = 4L << 20;
    public const long DefaultMaxAnnotationsFileBytes = 256L << 20;
}
