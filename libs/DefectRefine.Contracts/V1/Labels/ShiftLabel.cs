namespace DefectRefine.Contracts.V1.Labels;

/// <summary>The expert clicked the defect at (X, Y) inside the patch centred on (PatchX, PatchY): that pixel is a defect.</summary>
public sealed record ShiftLabel(int PatchX, int PatchY, int X, int Y);
