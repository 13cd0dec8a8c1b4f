namespace DefectRefine.Contracts.V1;

/// <summary>
/// Published for Ingest once images and their first masks were committed (an upload or a whole import), so the
/// Sampler can include them. Written in the same transaction as the images (the outbox) and published after the
/// commit, at least once.
/// </summary>
public sealed record ImagesAdded(Guid DatasetId, Guid? ImportId, IReadOnlyList<Guid> ImageIds, DateTimeOffset At);
