namespace DefectRefine.Ingest.Importing;

/// <summary>
/// A bulk import of a folder below the configured import root. <see cref="Format"/>: mask-png, voc, coco or yolo.
/// <see cref="Initial"/>: labels (default), noise, simulated-roi or simulated-coarse (the last two need true masks).
/// <see cref="Provenance"/>: a generator's provenance record below the folder (default: its generation.json, if any);
/// the label files it names are recorded as simulated, with the simulator's parameters and seeds.
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
    string? AnnotationsPath = null,
    string? Provenance = null);

public sealed record ImportResult(Guid ImportId, Guid DatasetId, int Images, string Format, string Initial, IReadOnlyList<Guid> ImageIds);
