namespace DefectRefine.Ingest.Importing;

/// <summary>
/// A bulk import of a folder below the configured import root. <see cref="Format"/>: mask-png, voc, coco or yolo.
/// <see cref="Initial"/>: labels (default), noise, simulated-roi or simulated-coarse (the last two need true masks).
/// </summary>
public sealed record ImportRequest(
    string Folder,
    string Format,
    string? Initial = null,
    ulong Seed = 1,
    double NoiseFraction = 0.5,
    byte Threshold = 0,
    string? ImagesSubfolder = null,
    string? MasksSubfolder = null,
    string? AnnotationsPath = null);

public sealed record ImportResult(Guid ImportId, Guid DatasetId, int Images, string Format, string Initial, IReadOnlyList<Guid> ImageIds);
