using System.Security.Cryptography;
using Marten;
using Marten.Exceptions;

namespace DefectRefine.LabelStore;

/// <summary>
/// Datasets and their images. Adding images is all or nothing: bytes, records, first mask events and the ImagesAdded
/// announcement (through the <see cref="Outbox.Outbox"/>) commit together, in one <see cref="ImageImport"/>.
/// </summary>
public sealed class ImageCatalog(IDocumentStore store, LabelStoreOptions options, Outbox.Outbox outbox)
{
    public async Task<Dataset> CreateDatasetAsync(string name, string? description, string createdBy, CancellationToken cancellationToken = default)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new LabelStoreException(LabelStoreFailure.Invalid, "A dataset needs a name of 1 to 200 characters.");
        await using var session = store.LightweightSession();
        if (await session.Query<Dataset>().AnyAsync(d => d.Name == name, cancellationToken))
            throw new LabelStoreException(LabelStoreFailure.Conflict, $"A dataset named '{name}' already exists.");
        var dataset = new Dataset { Id = Guid.NewGuid(), Name = name, Description = description, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = createdBy };
        session.Store(dataset);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (MartenCommandException error) when (IsUniqueViolation(error))
        {
            throw new LabelStoreException(LabelStoreFailure.Conflict, $"A dataset named '{name}' already exists.");
        }
        return dataset;
    }

    public async Task<IReadOnlyList<Dataset>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Dataset>().OrderBy(d => d.Name).ToListAsync(cancellationToken);
    }

    public async Task<Dataset> GetDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Dataset>(datasetId, cancellationToken)
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No dataset {datasetId}.");
    }

    public async Task<IReadOnlyList<ImageRecord>> ListImagesAsync(Guid datasetId, CancellationToken cancellationToken = default)
    {
        await GetDatasetAsync(datasetId, cancellationToken);
        await using var session = store.QuerySession();
        return await session.Query<ImageRecord>().Where(i => i.DatasetId == datasetId).OrderBy(i => i.FileName).ToListAsync(cancellationToken);
    }

    public async Task<ImageRecord> GetImageAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ImageRecord>(imageId, cancellationToken)
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No image {imageId}.");
    }

    public async Task<MaskProjection> GetCurrentMaskAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<MaskProjection>(imageId, cancellationToken) ?? throw LabelStoreException.MaskNotFound(imageId);
    }

    /// <summary>How many of the dataset's images have a refined mask, and from which round (latest round first).</summary>
    public async Task<RefinedLayerSummary> RefinedLayerAsync(Guid datasetId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var rows = await session.Query<MaskProjection>().Where(m => m.DatasetId == datasetId)
            .Select(m => new { m.RefinedRound, m.RefinedModelVersion }).ToListAsync(cancellationToken);
        var byRound = rows.Where(r => r.RefinedRound is not null && r.RefinedModelVersion is not null)
            .GroupBy(r => (Round: r.RefinedRound!.Value, Version: r.RefinedModelVersion!))
            .Select(g => new RefinedRoundCount(g.Key.Round, g.Key.Version, g.Count()))
            .OrderByDescending(r => r.Round).ToList();
        return new RefinedLayerSummary(rows.Count, byRound.Sum(r => r.Images), byRound);
    }

    public async Task<StoredBlob> ReadBlobAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await ImageBlobs.ReadAsync(session, options.Schema, sha256, cancellationToken)
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No stored image bytes with sha256 {sha256}.");
    }

    /// <summary>Stores every image with its bytes and its MaskInitialised in one transaction, or nothing.</summary>
    public async Task<IReadOnlyList<ImageRecord>> AddImagesAsync(Guid datasetId, Guid? importId, IReadOnlyList<NewImage> images, CancellationToken cancellationToken = default)
    {
        if (images.Count == 0)
            throw new LabelStoreException(LabelStoreFailure.Invalid, "Nothing to add: no images.");
        await using var import = await BeginImportAsync(datasetId, importId, [.. images.Select(i => i.FileName)], cancellationToken);
        foreach (var image in images)
            await import.AddAsync(image, cancellationToken);
        return await import.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Opens an import that takes its images one at a time and commits them together (see <see cref="ImageImport"/>).
    /// Refuses at once a dataset that does not exist and <paramref name="fileNames"/> it already holds or that repeat.
    /// </summary>
    public Task<ImageImport> BeginImportAsync(Guid datasetId, Guid? importId, IReadOnlyCollection<string> fileNames, CancellationToken cancellationToken = default) =>
        ImageImport.BeginAsync(store, options, outbox, datasetId, importId, fileNames, cancellationToken);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static bool IsUniqueViolation(Exception error) =>
        error.InnerException is Npgsql.PostgresException { SqlState: "23505" } || error is Npgsql.PostgresException { SqlState: "23505" };
}
