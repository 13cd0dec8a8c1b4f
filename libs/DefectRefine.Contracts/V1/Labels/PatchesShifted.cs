namespace DefectRefine.Contracts.V1.Labels;

/// <summary>An answer moved patch centres onto the defect the expert clicked; each clicked pixel became a defect.</summary>
public sealed record PatchesShifted(
    Guid ImageId,
    RefinementContext Context,
    IReadOnlyList<ShiftLabel> Shifts,
    IReadOnlyList<PixelRunChange> Flipped);
