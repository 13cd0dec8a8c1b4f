using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Learning.Answers;

/// <summary>What an answered patch tells the expert layer, at each refinement granularity.</summary>
public static class ExpertLabels
{
    /// <summary>Records <paramref name="answered"/> in <paramref name="layer"/>; returns how many pixels it labels.</summary>
    public static int Record(ExpertLayer layer, LabelledCentre answered, RefinementGranularity granularity, int patchSize)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (granularity == RefinementGranularity.WholePatch)
        {
            var box = PixelBox.Patch(answered.X, answered.Y, patchSize).ClipTo(layer.Width, layer.Height)
                ?? throw new ArgumentOutOfRangeException(nameof(answered), $"The patch at ({answered.X}, {answered.Y}) lies outside the {layer.Width}x{layer.Height} image.");
            layer.Set(box, answered.Defect);
            return box.Area;
        }
        layer.Set(answered.X, answered.Y, answered.Defect);
        return 1;
    }
}
