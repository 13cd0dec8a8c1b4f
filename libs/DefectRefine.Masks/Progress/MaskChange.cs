namespace DefectRefine.Masks.Progress;

/// <summary>
/// Who changed a mask. Experts answer queries; <see cref="Model"/> is the slot for a model that would change the labels
/// themselves. The model's refined masks do not: they are a layer of their own (RefinedMaskProposed), so this tally
/// stays empty and readers describe the refined layer apart.
/// </summary>
public enum ChangeSource
{
    Expert,
    Model,
}

/// <summary>
/// One change of an image's mask after its first version: the pixels it flipped, who made it, and for an undo the
/// version it undid. <paramref name="AnswerId"/> groups the changes one answer made to several images.
/// </summary>
public sealed record MaskChange(
    Guid ImageId,
    long Version,
    DateTimeOffset At,
    ChangeSource Source,
    IReadOnlyList<PixelRun> Flipped,
    long? Undoes = null,
    Guid? AnswerId = null,
    Guid? SessionId = null)
{
    public int PixelCount => Flipped.Sum(run => run.Length);
}
