namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// Undo of the refinement at <paramref name="RevertedVersion"/>. <paramref name="Flipped"/> holds the pixels it
/// changed that no later event had changed again: those return to their earlier label, later answers are kept.
/// </summary>
public sealed record RefinementReverted(
    Guid ImageId,
    long RevertedVersion,
    LabelAuthor Author,
    DateTimeOffset At,
    string Reason,
    IReadOnlyList<PixelRunChange> Flipped);
