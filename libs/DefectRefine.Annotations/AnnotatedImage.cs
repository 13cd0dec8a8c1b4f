using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>An image of an import folder and its labels.</summary>
/// <param name="RelativePath">Relative to the import root, with '/' separators.</param>
/// <param name="FullPath">The absolute path, checked to lie inside the import root.</param>
/// <param name="Provenance">Set when the folder's provenance record says a simulator made these labels.</param>
public sealed record AnnotatedImage(string RelativePath, string FullPath, ImageLabels Labels, LabelProvenance? Provenance = null)
{
    /// <summary>
    /// The labels at the image's size. With a provenance record they must be exactly the boxes it records (filled):
    /// labels edited after generation are no longer the simulator's, and recording them as either the simulator's or a
    /// person's would be false, so they are refused with <see cref="AnnotationException"/>.
    /// </summary>
    public LabelledMask Rasterise(int imageWidth, int imageHeight)
    {
        var labelled = Labels.Rasterise(imageWidth, imageHeight);
        if (Provenance is not { } provenance)
            return labelled;
        var file = Labels.SourceFile ?? RelativePath;
        if (provenance.Boxes.Any(b => !b.IsInside(imageWidth, imageHeight)) || !InitialMasks.Roi(imageWidth, imageHeight, provenance.Boxes).Equals(labelled.Mask))
            throw new AnnotationException(file,
                $"differs from the {provenance.Boxes.Count} box(es) {provenance.RecordFile} records for this image, so it was changed after generation and is "
                + $"neither the simulator's output nor a person's labels; regenerate the data set, or remove the claim and {provenance.RecordFile} to import it as a person's labels.");
        return new LabelledMask(labelled.Mask, provenance.Boxes, InitialLabelKind.Roi, provenance);
    }
}
