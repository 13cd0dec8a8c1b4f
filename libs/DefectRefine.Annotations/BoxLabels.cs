using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>Boxes already in pixels (Pascal VOC), filled as a region of interest.</summary>
/// <param name="DeclaredWidth">The image size the annotation file states, checked against the real image.</param>
/// <param name="SimulatedBy">The simulator the file says made the boxes (VOC &lt;source&gt;&lt;annotation&gt;
/// "simulation:..."), or null; such a file is only imported with the provenance record that names it.</param>
public sealed record BoxLabels(string AnnotationFile, int? DeclaredWidth, int? DeclaredHeight, IReadOnlyList<PixelBox> Boxes, string? SimulatedBy = null) : ImageLabels(AnnotationFile)
{
    public override LabelledMask Rasterise(int imageWidth, int imageHeight)
    {
        RequireDeclaredSize(DeclaredWidth, DeclaredHeight, imageWidth, imageHeight);
        var outside = Boxes.Where(b => !b.IsInside(imageWidth, imageHeight)).ToList();
        if (outside.Count > 0)
            throw new AnnotationException([.. outside.Select(b => new AnnotationProblem(AnnotationFile, null,
                $"box (x {b.X}, y {b.Y}, w {b.Width}, h {b.Height}) lies outside the {imageWidth}x{imageHeight} image."))]);
        return new LabelledMask(InitialMasks.Roi(imageWidth, imageHeight, Boxes), Boxes, InitialLabelKind.Roi);
    }
}
