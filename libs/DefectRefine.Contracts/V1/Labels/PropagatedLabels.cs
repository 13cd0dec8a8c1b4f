namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// How far the labels of one answer reached beyond the pixels they name (DESIGN.md, "Answers that carry further"): each
/// answered pixel's label spread over the region around it that the image (its superpixel, about
/// <paramref name="RegionSize"/> px across) and model <paramref name="ModelVersion"/>'s map put with it, inside the
/// patch the expert saw. Recorded with the answer so replay never recomputes it; its pixels count as inferred, never
/// as named by the person, and a pixel a person named keeps that person's label.
/// </summary>
/// <param name="Method">The rule that drew the regions ("superpixel-map").</param>
public sealed record PropagatedLabels(string Method, string ModelVersion, int RegionSize, IReadOnlyList<PropagatedLabel> Regions);

/// <summary>
/// The region the label of the answered pixel (X, Y) reached, as run lengths of the whole image in the encoding of
/// <see cref="MaskInitialised"/> (alternating background and region pixels, row-major, starting with background).
/// </summary>
public sealed record PropagatedLabel(int X, int Y, bool Defect, IReadOnlyList<int> RunLengths);
