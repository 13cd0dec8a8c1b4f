using Marten;
using Marten.Exceptions;
using Marten.Services;
using Npgsql;

namespace DefectRefine.LabelStore;

/// <summary>
/// One PostgreSQL transaction that images are added to one at a time: each image's bytes, record and MaskInitialised
/// are sent to the database by <see cref="AddAsync"/> and then dropped from memory, so an import of thousands of
/// images holds one of them at a time. Nothing is visible to anyone until <see cref="CommitAsync"/>, which also
/// queues the ImagesAdded announcement; disposing without committing rolls everything back, so a failure midway leaves
/// no trace. Made by <see cref="ImageCatalog.BeginImportAsync"/>.
/// </summary>
public sealed class ImageImport : IAsyncDisposable
{
    private readonly IDocumentStore _store;
    private readonly LabelStoreOptions _options;
    private readonly Outbox.Outbox _outbox;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly List<ImageRecord> _records = [];
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private bool _finished;

    private ImageImport(IDocumentStore store, LabelStoreOptions options, Outbox.Outbox outbox, NpgsqlConnection connection, NpgsqlTransaction transaction, Guid datasetId, Guid? importId)
    {
        (_store, _options, _outbox, _connection, _transaction) = (store, options, outbox, connection, transaction);
        (DatasetId, ImportId) = (datasetId, importId);
    }

    public Guid DatasetId { get; }
    public Guid? ImportId { get; }
    public IReadOnlyList<ImageRecord> Records => _records;

    /// <summary>Opens the transaction and refuses, before anything is written, names the dataset already holds.</summary>
    internal static async Task<ImageImport> BeginAsync(IDocumentStore store, LabelStoreOptions options, Outbox.Outbox outbox, Guid datasetId, Guid? importId,
        IReadOnlyCollection<string> fileNames, CancellationToken cancellationToken)
    {
        var duplicate = fileNames.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new LabelStoreException(LabelStoreFailure.Invalid, $"'{duplicate.Key}' appears {duplicate.Count()} times in one request.");
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var import = new ImageImport(store, options, outbox, connection, transaction, datasetId, importId);
            await using (var session = import.Session())
            {
                _ = await session.LoadAsync<Dataset>(datasetId, cancellationToken)
                    ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No dataset {datasetId}.");
                var names = fileNames.ToArray();
                var existing = await session.Query<ImageRecord>()
                    .Where(i => i.DatasetId == datasetId && names.Contains(i.FileName)).Select(i => i.FileName).ToListAsync(cancellationToken);
                if (existing.Count > 0)
                    throw new LabelStoreException(LabelStoreFailure.Conflict,
                        $"Dataset {datasetId} already has {existing.Count} of these images, e.g. '{existing[0]}'. Nothing was added.");
            }
            return import;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes one image into the transaction (not yet committed) and keeps only its record.</summary>
    public async Task<ImageRecord> AddAsync(NewImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (image.Initialised.ImageId != image.ImageId || image.Initialised.DatasetId != DatasetId)
            throw new ArgumentException($"The MaskInitialised of '{image.FileName}' names another image or dataset.", nameof(image));
        var originalSha = ImageCatalog.Sha256(image.Original);
        var graySha = ImageCatalog.Sha256(image.GrayscalePng);
        var record = new ImageRecord
        {
            Id = image.ImageId,
            DatasetId = DatasetId,
            FileName = image.FileName,
            OriginalSha256 = originalSha,
            OriginalContentType = image.OriginalContentType,
            OriginalBytes = image.Original.LongLength,
            GrayscaleSha256 = graySha,
            Width = image.Width,
            Height = image.Height,
            AddedAt = _now,
            ImportId = ImportId,
            ReferenceRunLengths = image.ReferenceRunLengths,
        };
        await using (var session = Session())
        {
            ImageBlobs.Queue(session, _options.Schema, originalSha, image.OriginalContentType, image.Original);
            ImageBlobs.Queue(session, _options.Schema, graySha, "image/png", image.GrayscalePng);
            session.Store(record);
            session.Events.StartStream<MaskProjection>(image.ImageId, image.Initialised);
            await SaveAsync(session, cancellationToken);
        }
        _records.Add(record);
        return record;
    }

    /// <summary>Queues ImagesAdded for every image added and commits them all together.</summary>
    public async Task<IReadOnlyList<ImageRecord>> CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_records.Count == 0)
            throw new LabelStoreException(LabelStoreFailure.Invalid, "Nothing to add: no images.");
        await using (var session = Session())
        {
            _outbox.Enqueue(session, new Contracts.V1.ImagesAdded(DatasetId, ImportId, [.. _records.Select(r => r.Id)], _now));
            await SaveAsync(session, cancellationToken);
        }
        await _transaction.CommitAsync(cancellationToken);
        _finished = true;
        _outbox.Wake();
        return _records;
    }

    /// <summary>Rolls back unless committed: the connection closes with its transaction open.</summary>
    public async ValueTask DisposeAsync()
    {
        _finished = true;
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private IDocumentSession Session() => _store.LightweightSession(SessionOptions.ForTransaction(_transaction, shouldAutoCommit: false));

    private static async Task SaveAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (MartenCommandException error) when (ImageCatalog.IsUniqueViolation(error))
        {
            throw new LabelStoreException(LabelStoreFailure.Conflict, "Another request added an image of the same name to this dataset meanwhile. Nothing was added.");
        }
    }
}
