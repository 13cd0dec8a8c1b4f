namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// First event of an image's mask stream (stream id = image id). <paramref name="RunLengths"/> is the whole mask,
/// row-major, alternating background/defect counts starting with background.
/// </summary>
public sealed record MaskInitialised(
    Guid ImageId,
    Guid DatasetId,
    int Width,
    int Height,
    InitialMaskKind Kind,
    IReadOnlyList<int> RunLengths,
    IReadOnlyList<LabelBox> Boxes,
    InitialMaskOrigin Origin,
    LabelAuthor Author,
    DateTimeOffset At);
