namespace DefectRefine.Contracts.V1;

/// <summary>
/// Published by Ingest after images and their first masks were committed (an upload or a whole import), so the
/// Sampler can include them. Published after the commit: a consumer that missed it finds the images in the store.
/// </summary>
public sealed record ImagesAdded(Guid DatasetId, Guid? ImportId, IReadOnlyList<Guid> ImageIds, DateTimeOffset At);
