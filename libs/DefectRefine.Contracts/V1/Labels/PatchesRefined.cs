namespace DefectRefine.Contracts.V1.Labels;

/// <summary>An answer gave every pixel of each labelled patch (<paramref name="PatchSize"/> square, clipped to the image) the patch's label.</summary>
public sealed record PatchesRefined(
    Guid ImageId,
    RefinementContext Context,
    int PatchSize,
    IReadOnlyList<PatchLabel> Labels,
    IReadOnlyList<PixelRunChange> Flipped);
