using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>
/// The COCO annotations of one image. With any segmentation the labels are a <see cref="InitialLabelKind.Segmentation"/>
/// (the union of all segmentations, and of the boxes of box-only annotations, which are then the
/// <see cref="LabelledMask.Boxes"/>); with boxes only they are a <see cref="InitialLabelKind.Roi"/>.
/// </summary>
public sealed record CocoLabels(string AnnotationFile, int DeclaredWidth, int DeclaredHeight, IReadOnlyList<CocoRegion> Regions) : ImageLabels(AnnotationFile)
{
    public override LabelledMask Rasterise(int imageWidth, int imageHeight)
    {
        RequireDeclaredSize(DeclaredWidth, DeclaredHeight, imageWidth, imageHeight);
        var mask = new BinaryMask(imageWidth, imageHeight);
        var boxes = new List<PixelBox>();
        try
        {
            foreach (var region in Regions)
            {
                foreach (var polygon in region.Polygons)
                    MaskDrawing.FillPolygon(mask, polygon);
                if (region.RleCounts is { } counts)
                    Union(mask, CocoRle.Decode(imageWidth, imageHeight, counts));
                if (!region.HasSegmentation && region.Box is { } box)
                {
                    if (!box.IsInside(imageWidth, imageHeight))
                        throw new AnnotationException(AnnotationFile, $"annotation {region.Id}: bbox lies outside the {imageWidth}x{imageHeight} image.");
                    mask.Fill(box);
                    boxes.Add(box);
                }
            }
        }
        catch (MaskFormatException error)
        {
            throw new AnnotationException(AnnotationFile, error.Message);
        }
        var kind = Regions.Any(r => r.HasSegmentation) ? InitialLabelKind.Segmentation : InitialLabelKind.Roi;
        return new LabelledMask(mask, boxes, kind);
    }

    private static void Union(BinaryMask into, BinaryMask other)
    {
        for (var i = 0; i < into.PixelCount; i++)
            if (other.Get(i))
                into.Set(i, true);
    }
}
