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
}
