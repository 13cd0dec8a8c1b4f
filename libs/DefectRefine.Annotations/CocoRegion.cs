using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>
/// One COCO annotation: its box, and its segmentation as polygons (pixel-edge coordinates) or as uncompressed
/// column-major RLE counts (compressed strings are expanded when read). Without a segmentation the box is filled.
/// </summary>
public sealed record CocoRegion(long Id, PixelBox? Box, IReadOnlyList<IReadOnlyList<(double X, double Y)>> Polygons, IReadOnlyList<int>? RleCounts)
{
    public bool HasSegmentation => Polygons.Count > 0 || RleCounts is not null;
}
