using DefectRefine.Annotations;
using DefectRefine.Masks;

namespace DefectRefine.LabelStore.Ingestion;

/// <summary>
/// One image as received. <paramref name="LabelsFor"/> rasterises the labels that came with it (boxes or a mask) once
/// the image's real size is known, or is null when it came without labels; it throws <see cref="LabelStoreException"/>.
/// </summary>
/// <param name="LabelsFile">The annotation or mask file the labels came from, relative to the import folder.</param>
public sealed record ImageUpload(
    string FileName,
    byte[] Bytes,
    Func<int, int, ProvidedLabels>? LabelsFor,
    string Source,
    string? LabelsFile);

/// <summary>
/// Labels delivered with an image: a segmentation mask, or boxes with their filled mask. <paramref name="Simulation"/>
/// is set only when a generator's provenance record names them as a simulator's output; they are then recorded as
/// simulated, with its source and parameters.
/// </summary>
public sealed record ProvidedLabels(BinaryMask Mask, IReadOnlyList<PixelBox> Boxes, bool IsSegmentation, LabelProvenance? Simulation = null);
