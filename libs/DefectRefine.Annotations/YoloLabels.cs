using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>A YOLO label file's boxes, filled as a region of interest; none means an all-background image.</summary>
public sealed record YoloLabels(string LabelFile, IReadOnlyList<YoloBox> Boxes) : ImageLabels(LabelFile)
{
    public override LabelledMask Rasterise(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        // The reader refused every value outside [0, 1], so these boxes always fit.
        var boxes = Boxes.Select(b => b.ToPixels(imageWidth, imageHeight)).ToList();
        return new LabelledMask(InitialMasks.Roi(imageWidth, imageHeight, boxes), boxes, InitialLabelKind.Roi);
    }
}
