namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// <paramref name="Length"/> row-major pixels from <paramref name="Start"/> whose label flipped. Every label event
/// carries the exact pixels it changed, so an auditor reads the effect without re-running any rule and an undo
/// knows what to restore.
/// </summary>
public sealed record PixelRunChange(int Start, int Length);
