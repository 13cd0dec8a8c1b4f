namespace DefectRefine.Contracts.V1.Labels;

/// <summary>A box in image pixels: [X, X+Width) x [Y, Y+Height).</summary>
public sealed record LabelBox(int X, int Y, int Width, int Height);
