namespace DefectRefine.Contracts.V1.Labels;

/// <summary>An answer refined only the centre pixel of each labelled patch in this image.</summary>
public sealed record CentrePixelsRefined(
    Guid ImageId,
    RefinementContext Context,
    IReadOnlyList<PatchLabel> Labels,
    IReadOnlyList<PixelRunChange> Flipped);
