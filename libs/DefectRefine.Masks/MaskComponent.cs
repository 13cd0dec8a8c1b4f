namespace DefectRefine.Masks;

/// <summary>One 8-connected region of defect pixels: its bounding box and its pixel count.</summary>
public sealed record MaskComponent(PixelBox Bounds, int Area);
