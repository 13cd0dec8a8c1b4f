using Marten;
using Npgsql;

namespace DefectRefine.LabelStore.Loop;

/// <summary>
/// Plain SQL access for the loop's tables (query buffer, checkpoints), which need row locks and SKIP LOCKED that a
/// document store does not express. The tables are declared in <see cref="LabelStoreSchema"/> and created with the
/// rest of the schema, by <c>dr schema apply</c> or, where the process may change the schema, the first time they are used.
/// </summary>
public sealed class LoopDatabase(IDocumentStore store, LabelStoreOptions options, NpgsqlDataSource dataSource)
{
    private readonly Lock _gate = new();
    private Task? _schema;

    public string Schema => options.Schema;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureSchemaAsync().WaitAsync(cancellationToken);
                break;
            }
            catch (Exception error) when (attempt < 3 && ConcurrentDdl.Caused(error))
            {
                // Another session created the same table or type while this one did: the next attempt finds it there.
            }
        }
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Once per process; tried again after a failure (the database was away, or another process created the same
    /// tables at that moment), never cached as failed.
    /// </summary>
    private Task EnsureSchemaAsync()
    {
        // Outside Development the release's `dr schema apply` made the tables, and this role may not create any.
        if (!options.ApplySchemaChanges)
            return Task.CompletedTask;
        lock (_gate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
                _schema = store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            return _schema;
        }
    }

    /// <summary>A 64-bit key for PostgreSQL advisory locks, stable across processes (it is how replicas agree).</summary>
    public static long LockKey(string scope, Guid id)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scope + ":" + id.ToString("N")));
        return BitConverter.ToInt64(bytes, 0);
    }
}
