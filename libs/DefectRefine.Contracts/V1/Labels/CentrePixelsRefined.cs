namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// An answer refined the centre pixel of each labelled patch in this image and, when the project propagates answers,
/// the region each label reached (<paramref name="Propagation"/>). <paramref name="Flipped"/> holds every pixel the
/// event changed, named and reached alike.
/// </summary>
/// <param name="Propagation">Null when the labels reached only the pixels they name (and in events written before
/// answers propagated).</param>
public sealed record CentrePixelsRefined(
    Guid ImageId,
    RefinementContext Context,
    IReadOnlyList<PatchLabel> Labels,
    IReadOnlyList<PixelRunChange> Flipped,
    PropagatedLabels? Propagation = null);
