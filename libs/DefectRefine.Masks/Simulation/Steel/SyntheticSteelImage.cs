namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// A SYNTHETIC steel-surface image with its exact true mask: generated, never photographed.
/// <paramref name="Pixels"/> are 8-bit grey, row-major; <paramref name="Truth"/> holds the defect pixels only (never
/// artefacts); <paramref name="Roi"/> is a simulated expert's boxes around the truth; <paramref name="Seed"/> is the
/// image's own seed, derived from the options' seed and <paramref name="Index"/>.
/// </summary>
public sealed record SyntheticSteelImage(
    int Index,
    ulong Seed,
    int Width,
    int Height,
    byte[] Pixels,
    BinaryMask Truth,
    SimulatedRoi Roi,
    IReadOnlyList<SteelFeature> Features)
{
    public double DefectShare => Truth.CountDefects() / (double)Truth.PixelCount;
}
