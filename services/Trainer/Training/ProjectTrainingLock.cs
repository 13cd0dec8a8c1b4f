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
    private readonly long _key;

    private ProjectTrainingLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another replica holds it.</summary>
    public static async Task<ProjectTrainingLock?> TryAcquireAsync(LoopDatabase database, Guid projectId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        var key = LoopDatabase.LockKey("training", projectId);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            return new ProjectTrainingLock(connection, key);
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Unlocks before the connection goes back to the pool: a pooled connection keeps its session, and with it the
    /// lock, until it is next used (Npgsql resets it then), so another replica would find the project locked by an
    /// idle connection and leave the round to nobody.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // A broken connection holds no lock: its session ended with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
