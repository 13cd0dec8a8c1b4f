namespace DefectRefine.Annotations;

public enum InitialLabelKind
{
    /// <summary>Boxes, filled: the expert's region of interest.</summary>
    Roi,

    /// <summary>A pixel mask, e.g. from a pre-trained model or a true mask.</summary>
    Segmentation,
}
