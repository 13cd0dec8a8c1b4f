namespace DefectRefine.Learning.Sampling;

/// <summary>The centre pixel of a patch: a patch is named by the image and the pixel it is centred on.</summary>
public readonly record struct PatchCentre(Guid ImageId, int X, int Y);

/// <summary>A patch centre with the label of that centre pixel (from a mask, or verified by an expert).</summary>
public readonly record struct LabelledCentre(Guid ImageId, int X, int Y, bool Defect)
{
    public PatchCentre Centre => new(ImageId, X, Y);
}
