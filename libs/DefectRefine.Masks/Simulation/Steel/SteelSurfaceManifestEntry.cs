namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>One image of generation.json. <paramref name="Roi"/> is null unless the ROI masks were written.</summary>
public sealed record SteelSurfaceManifestEntry(
    string Name,
    int Index,
    ulong Seed,
    double DefectShare,
    IReadOnlyList<SteelFeature> Features,
    SteelSurfaceManifestRoi? Roi);
