using DefectRefine.Masks;

namespace DefectRefine.Annotations.Export;

/// <summary>A mask to export with the image it belongs to. <paramref name="FileName"/> is relative, '/' separated.</summary>
public sealed record ExportedMask(string FileName, int Width, int Height, BinaryMask Mask);
