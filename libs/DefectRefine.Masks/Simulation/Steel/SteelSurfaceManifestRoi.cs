namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>The simulated expert's boxes for one image, with the parameters (its seed included) that drew them.</summary>
public sealed record SteelSurfaceManifestRoi(IReadOnlyList<PixelBox> Boxes, IReadOnlyDictionary<string, string> Parameters);
