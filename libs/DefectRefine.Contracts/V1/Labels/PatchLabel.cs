namespace DefectRefine.Contracts.V1.Labels;

/// <summary>The label an answer gives the patch centred on (X, Y).</summary>
public sealed record PatchLabel(int X, int Y, bool Defect);
