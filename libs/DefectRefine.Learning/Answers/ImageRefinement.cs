using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;

namespace DefectRefine.Learning.Answers;

/// <summary>
/// What one answer does to one image's mask, at one granularity. <see cref="RefinementGranularity.Shift"/> refinements
/// carry <see cref="Shifts"/> only; the others carry <see cref="Labels"/> only. Labels equal to the current mask are kept:
/// the history records what the expert said, and the event's flipped pixels show that it changed nothing there.
/// </summary>
public sealed record ImageRefinement(
    Guid ImageId,
    RefinementGranularity Granularity,
    int PatchSize,
    IReadOnlyList<PatchLabel> Labels,
    IReadOnlyList<ShiftLabel> Shifts)
{
    /// <summary>
    /// The label event for this refinement against <paramref name="current"/>, with exactly the pixels it flips there.
    /// <paramref name="current"/> is left as it is: the caller applies the event (the label store may compute it again
    /// on a newer mask if another answer landed first).
    /// </summary>
    /// <exception cref="ArgumentException">A labelled pixel lies outside <paramref name="current"/>: it is not this image's mask.</exception>
    public object ToEvent(BinaryMask current, RefinementContext context)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(context);
        RequireConsistent();
        RequireInside(current);

        var working = current.Clone();
        return Granularity switch
        {
            RefinementGranularity.CentrePixel => new CentrePixelsRefined(ImageId, context, Labels,
                PixelRunChanges.From(MaskRefinement.CentrePixels(working, Labels.Select(label => (label.X, label.Y, label.Defect))))),
            RefinementGranularity.WholePatch => new PatchesRefined(ImageId, context, PatchSize, Labels,
                PixelRunChanges.From(MaskRefinement.WholePatches(working, Labels.Select(label => (label.X, label.Y, label.Defect)), PatchSize))),
            RefinementGranularity.Shift => new PatchesShifted(ImageId, context, Shifts,
                PixelRunChanges.From(MaskRefinement.Shifts(working, Shifts.Select(shift => (shift.PatchX, shift.PatchY, shift.X, shift.Y)), PatchSize))),
            _ => throw new InvalidOperationException($"Unknown refinement granularity {Granularity}."),
        };
    }

    private void RequireConsistent()
    {
        if (PatchSize < 1)
            throw new InvalidOperationException($"Patch size {PatchSize} is not positive.");
        var (used, unused) = Granularity == RefinementGranularity.Shift ? (Shifts.Count, Labels.Count) : (Labels.Count, Shifts.Count);
        if (used == 0 || unused != 0)
            throw new InvalidOperationException(
                $"A {Granularity} refinement of image {ImageId} needs {(Granularity == RefinementGranularity.Shift ? "shifts and no labels" : "labels and no shifts")}.");
    }

    private void RequireInside(BinaryMask current)
    {
        var pixels = Labels.Select(label => (label.X, label.Y))
            .Concat(Shifts.SelectMany(shift => new[] { (shift.PatchX, shift.PatchY), (shift.X, shift.Y) }));
        foreach (var (x, y) in pixels)
            if (!current.Contains(x, y))
                throw new ArgumentException($"Pixel ({x}, {y}) of image {ImageId} is outside the {current.Width}x{current.Height} mask given; is it this image's mask?", nameof(current));
    }
}
