using DefectRefine.LabelStore.Loop;
using Npgsql;

namespace DefectRefine.Trainer.Training;

/// <summary>
/// One training per project across every Trainer replica: a PostgreSQL session advisory lock held on its own
/// connection for the whole round. A replica that dies loses its connection and so its lock, and the redelivered
/// request can be trained by another replica.
/// </summary>
public sealed class ProjectTrainingLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private ProjectTrainingLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>The lock, or null when another replica holds it.</summary>
    public static async Task<ProjectTrainingLock?> TryAcquireAsync(LoopDatabase database, Guid projectId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LoopDatabase.LockKey("training", projectId));
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            return new ProjectTrainingLock(connection);
        await connection.DisposeAsync();
        return null;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
