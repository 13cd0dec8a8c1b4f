using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.LabelStore;

/// <summary>An image ready to store: validated, decoded, its grayscale form encoded and its first mask event built.</summary>
public sealed record NewImage(
    Guid ImageId,
    string FileName,
    byte[] Original,
    string OriginalContentType,
    byte[] GrayscalePng,
    int Width,
    int Height,
    MaskInitialised Initialised,
    int[]? ReferenceRunLengths);
