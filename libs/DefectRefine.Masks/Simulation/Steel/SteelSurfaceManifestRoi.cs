namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// The simulated expert's boxes for one image, with the parameters (its seed included) that drew them.
/// <paramref name="File"/> is the box file written for the import, relative to the data set's folder ('/' separated);
/// null in manifests written before the boxes were written as Pascal VOC, when they were the mask roi/NAME.png.
/// </summary>
public sealed record SteelSurfaceManifestRoi(IReadOnlyList<PixelBox> Boxes, IReadOnlyDictionary<string, string> Parameters, string? File = null);
