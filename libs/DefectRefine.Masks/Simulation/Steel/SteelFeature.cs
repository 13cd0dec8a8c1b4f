namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// One defect or artefact drawn into a synthetic image. <paramref name="Box"/> bounds a defect's true pixels, or the
/// pixels an artefact changes by at least one grey level.
/// </summary>
public sealed record SteelFeature(SteelFeatureKind Kind, PixelBox Box)
{
    public bool IsDefect => Kind.IsDefect();
}
