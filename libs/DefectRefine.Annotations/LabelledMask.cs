using DefectRefine.Masks;

namespace DefectRefine.Annotations;

/// <summary>
/// Labels rasterised at the image's size. <paramref name="Boxes"/> are the boxes filled into the mask, if any.
/// <paramref name="Simulation"/> is set only when a provenance record names the labels as a simulator's output.
/// </summary>
public sealed record LabelledMask(BinaryMask Mask, IReadOnlyList<PixelBox> Boxes, InitialLabelKind Kind, LabelProvenance? Simulation = null);
