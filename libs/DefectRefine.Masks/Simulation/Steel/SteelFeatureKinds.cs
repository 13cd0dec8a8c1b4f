namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>Which <see cref="SteelFeatureKind"/>s are defects and which are artefacts.</summary>
public static class SteelFeatureKinds
{
    public static IReadOnlyList<SteelFeatureKind> Defects { get; } = [SteelFeatureKind.Scratch, SteelFeatureKind.Inclusion, SteelFeatureKind.Patch];

    public static IReadOnlyList<SteelFeatureKind> Artefacts { get; } =
        [SteelFeatureKind.WaterMark, SteelFeatureKind.IlluminationGradient, SteelFeatureKind.OilSpot];

    public static bool IsDefect(this SteelFeatureKind kind) => Defects.Contains(kind);
}
