namespace DefectRefine.Masks.Simulation;

/// <summary>
/// A SIMULATED coarse segmentation degraded from a true mask: an experiment input, never a real model's output.
/// <paramref name="Parameters"/> holds "simulation"="coarse-segmentation" and every option, seed included.
/// </summary>
public sealed record SimulatedSegmentation(BinaryMask Mask, IReadOnlyDictionary<string, string> Parameters);
