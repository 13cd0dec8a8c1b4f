namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// generation.json: how a SYNTHETIC steel data set was generated (every option, the seed included) and what each
/// image holds, so it can be regenerated exactly and its features checked without decoding the masks.
/// </summary>
public sealed record SteelSurfaceManifest(
    string Generator,
    string AlgorithmVersion,
    string Note,
    SteelSurfaceOptions Options,
    bool RoiWritten,
    IReadOnlyList<SteelSurfaceManifestEntry> Images);
