namespace DefectRefine.LabelStore;

/// <summary>What a label write produced: the stream's new version, the pixels it flipped, and how many tries it took.</summary>
public sealed record AppendResult(Guid ImageId, long Version, int PixelsChanged, int Attempts);
