namespace DefectRefine.Masks.Simulation;

/// <summary>
/// SIMULATED expert boxes synthesised from a true mask: an experiment input, never an expert label.
/// <paramref name="Mask"/> is the boxes filled; <paramref name="Parameters"/> holds "simulation"="expert-roi" and every
/// option, seed included.
/// </summary>
public sealed record SimulatedRoi(IReadOnlyList<PixelBox> Boxes, BinaryMask Mask, IReadOnlyDictionary<string, string> Parameters);
