namespace DefectRefine.Masks;

/// <summary>
/// The paper's refinement granularities applied to a mask. Each returns the pixels that actually changed, so the
/// caller can record the exact effect of an answer (and an answer that changes nothing records nothing).
/// </summary>
public static class MaskRefinement
{
    /// <summary>Only the centre pixel of each labelled patch takes the label.</summary>
    public static IReadOnlyList<PixelRun> CentrePixels(BinaryMask mask, IEnumerable<(int X, int Y, bool Defect)> labels)
    {
        var before = mask.Clone();
        foreach (var (x, y, defect) in labels)
            mask[x, y] = defect;
        return mask.DifferenceFrom(before);
    }

    /// <summary>Every pixel of each labelled patch (clipped to the image) takes the label; later labels win on overlap.</summary>
    public static IReadOnlyList<PixelRun> WholePatches(BinaryMask mask, IEnumerable<(int X, int Y, bool Defect)> labels, int patchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patchSize);
        var before = mask.Clone();
        foreach (var (x, y, defect) in labels)
        {
            mask.IndexOf(x, y);
            mask.Fill(PixelBox.Patch(x, y, patchSize), defect);
        }
        return mask.DifferenceFrom(before);
    }

    /// <summary>
    /// The expert clicked the defect at (X, Y) inside the patch centred on (PatchX, PatchY): the patch centre moves
    /// there and that pixel is labelled defect. A click outside the patch is refused.
    /// </summary>
    public static IReadOnlyList<PixelRun> Shifts(BinaryMask mask, IEnumerable<(int PatchX, int PatchY, int X, int Y)> shifts, int patchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patchSize);
        var before = mask.Clone();
        foreach (var (patchX, patchY, x, y) in shifts)
        {
            mask.IndexOf(patchX, patchY);
            var patch = PixelBox.Patch(patchX, patchY, patchSize);
            if (x < patch.X || x >= patch.Right || y < patch.Y || y >= patch.Bottom)
                throw new ArgumentOutOfRangeException(nameof(shifts), $"The click ({x}, {y}) lies outside the {patchSize}px patch centred on ({patchX}, {patchY}).");
            mask[x, y] = true;
        }
        return mask.DifferenceFrom(before);
    }
}
