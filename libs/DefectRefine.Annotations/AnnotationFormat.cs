namespace DefectRefine.Annotations;

public enum AnnotationFormat
{
    /// <summary>Image and mask PNG pairs matched by file name.</summary>
    MaskPng,

    /// <summary>One Pascal VOC XML file per image, with bounding boxes.</summary>
    PascalVoc,

    /// <summary>One COCO JSON file: boxes, polygons or run-length masks.</summary>
    Coco,

    /// <summary>One YOLO text file per image, with normalised boxes.</summary>
    Yolo,
}
