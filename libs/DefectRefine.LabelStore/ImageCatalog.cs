using System.Security.Cryptography;
using Marten;
using Marten.Exceptions;

namespace DefectRefine.LabelStore;

/// <summary>
/// Datasets and their images. Adding images is all or nothing: bytes, records, first mask events and the ImagesAdded
/// announcement (through the <see cref="Outbox.Outbox"/>) commit together.
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
        var duplicate = images.GroupBy(i => i.FileName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new LabelStoreException(LabelStoreFailure.Invalid, $"'{duplicate.Key}' appears {duplicate.Count()} times in one request.");

        await using var session = store.LightweightSession();
        _ = await session.LoadAsync<Dataset>(datasetId, cancellationToken)
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No dataset {datasetId}.");
        var names = images.Select(i => i.FileName).ToArray();
        var existing = await session.Query<ImageRecord>()
            .Where(i => i.DatasetId == datasetId && names.Contains(i.FileName)).Select(i => i.FileName).ToListAsync(cancellationToken);
        if (existing.Count > 0)
            throw new LabelStoreException(LabelStoreFailure.Conflict,
                $"Dataset {datasetId} already has {existing.Count} of these images, e.g. '{existing[0]}'. Nothing was added.");

        var now = DateTimeOffset.UtcNow;
        var records = new List<ImageRecord>(images.Count);
        foreach (var image in images)
        {
            if (image.Initialised.ImageId != image.ImageId || image.Initialised.DatasetId != datasetId)
                throw new ArgumentException($"The MaskInitialised of '{image.FileName}' names another image or dataset.", nameof(images));
            var originalSha = Sha256(image.Original);
            var graySha = Sha256(image.GrayscalePng);
            ImageBlobs.Queue(session, options.Schema, originalSha, image.OriginalContentType, image.Original);
            ImageBlobs.Queue(session, options.Schema, graySha, "image/png", image.GrayscalePng);
            var record = new ImageRecord
            {
                Id = image.ImageId,
                DatasetId = datasetId,
                FileName = image.FileName,
                OriginalSha256 = originalSha,
                OriginalContentType = image.OriginalContentType,
                OriginalBytes = image.Original.LongLength,
                GrayscaleSha256 = graySha,
                Width = image.Width,
                Height = image.Height,
                AddedAt = now,
                ImportId = importId,
                ReferenceRunLengths = image.ReferenceRunLengths,
            };
            session.Store(record);
            session.Events.StartStream<MaskProjection>(image.ImageId, image.Initialised);
            records.Add(record);
        }
        outbox.Enqueue(session, new Contracts.V1.ImagesAdded(datasetId, importId, [.. records.Select(r => r.Id)], now));

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (MartenCommandException error) when (IsUniqueViolation(error))
        {
            throw new LabelStoreException(LabelStoreFailure.Conflict, "Another request added an image of the same name to this dataset meanwhile. Nothing was added.");
        }
        outbox.Wake();
        return records;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static bool IsUniqueViolation(Exception error) =>
        error.InnerException is Npgsql.PostgresException { SqlState: "23505" } || error is Npgsql.PostgresException { SqlState: "23505" };
}
