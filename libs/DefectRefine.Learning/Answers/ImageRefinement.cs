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
    /// <param name="reach">The regions the labels reach (centre-pixel answers of a propagating project), drawn on
    /// the image's pixels; they are applied first, so the named pixels keep their labels.</param>
    public object ToEvent(BinaryMask current, RefinementContext context, PropagatedRegions? reach = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(context);
        RequireConsistent();
        RequireInside(current);
        if (reach is not null && Granularity != RefinementGranularity.CentrePixel)
            throw new InvalidOperationException($"Only centre-pixel answers propagate; this is a {Granularity} refinement.");
        if (reach?.Regions.Any(r => r.Region.Width != current.Width || r.Region.Height != current.Height) == true)
            throw new ArgumentException($"A propagated region does not fit the {current.Width}x{current.Height} mask of image {ImageId}.", nameof(reach));

        var working = current.Clone();
        reach?.ApplyTo(working);
        Flip(working);
        var flipped = PixelRunChanges.From(working.DifferenceFrom(current));
        return Granularity switch
        {
            RefinementGranularity.CentrePixel => new CentrePixelsRefined(ImageId, context, Labels, flipped, reach?.ToRecord()),
            RefinementGranularity.WholePatch => new PatchesRefined(ImageId, context, PatchSize, Labels, flipped),
            _ => new PatchesShifted(ImageId, context, Shifts, flipped),
        };
    }

    /// <summary>Applies the refinement to <paramref name="mask"/> in place (as replaying its event would) and returns the pixels it flipped.</summary>
    public int ApplyTo(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        RequireConsistent();
        RequireInside(mask);
        return Flip(mask).Sum(run => run.Length);
    }

    private IReadOnlyList<PixelRun> Flip(BinaryMask working) => Granularity switch
    {
        RefinementGranularity.CentrePixel => MaskRefinement.CentrePixels(working, Labels.Select(label => (label.X, label.Y, label.Defect))),
        RefinementGranularity.WholePatch => MaskRefinement.WholePatches(working, Labels.Select(label => (label.X, label.Y, label.Defect)), PatchSize),
        RefinementGranularity.Shift => MaskRefinement.Shifts(working, Shifts.Select(shift => (shift.PatchX, shift.PatchY, shift.X, shift.Y)), PatchSize),
        _ => throw new InvalidOperationException($"Unknown refinement granularity {Granularity}."),
    };

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
