using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.LabelStore;

/// <summary>One event of a mask's history, as an auditor reads it.</summary>
public sealed record HistoryEntry(
    long Version,
    string Event,
    DateTimeOffset RecordedAt,
    string Station,
    string User,
    Guid? SessionId,
    Guid? QueryId,
    string? ModelVersion,
    int PixelsChanged,
    string Summary,
    long? RevertedBy,
    object Data);

/// <summary>What changed between two versions of a mask, and the events that changed it.</summary>
public sealed record MaskDiff(
    Guid ImageId,
    long FromVersion,
    long ToVersion,
    int ChangedPixels,
    int BecameDefect,
    int BecameBackground,
    IReadOnlyList<PixelRunChange> Changed,
    IReadOnlyList<HistoryEntry> Events);

/// <summary>An image's mask as it was at a time, for a dataset export; <see cref="Mask"/> is null if it did not exist yet.</summary>
public sealed record MaskAtTime(ImageRecord Image, MaskProjection? Mask);
