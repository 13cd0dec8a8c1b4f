using Npgsql;

namespace DefectRefine.LabelStore.Outbox;

/// <summary>One outbox row the relay set aside: it could never be read as a message.</summary>
public sealed record DeadLetter(Guid Id, string MessageType, DateTimeOffset CreatedAt, DateTimeOffset DeadAt, int Attempts, string? LastError);

/// <summary>
/// The outbox's dead-letter table for an operator (`dr outbox`): list what was set aside, and put rows back into the
/// outbox once a release that can read them runs, where the relay publishes them with their original ids.
/// </summary>
public static class DeadLetters
{
    public static async Task<IReadOnlyList<DeadLetter>> ListAsync(NpgsqlDataSource data, Outbox outbox, CancellationToken cancellationToken)
    {
        await using var command = data.CreateCommand(
            $"select id, message_type, created_at, dead_at, attempts, last_error from {outbox.DeadTable} order by dead_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new DeadLetter(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return rows;
    }

    /// <summary>Moves the given rows (all, when none are given) back into the outbox, attempts reset; returns how many moved.</summary>
    public static async Task<int> ReplayAsync(NpgsqlDataSource data, Outbox outbox, IReadOnlyCollection<Guid>? ids, CancellationToken cancellationToken)
    {
        await using var connection = await data.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var which = ids is { Count: > 0 } ? "where id = any(@ids)" : "";
        await using var move = new NpgsqlCommand(
            $"with moved as (delete from {outbox.DeadTable} {which} returning id, message_type, body, created_at) " +
            $"insert into {outbox.Table} (id, message_type, body, created_at) select id, message_type, body, created_at from moved", connection, transaction);
        if (ids is { Count: > 0 })
            move.Parameters.AddWithValue("ids", ids.ToArray());
        var moved = await move.ExecuteNonQueryAsync(cancellationToken);
        if (ids is { Count: > 0 } && moved != ids.Count)
            throw new InvalidOperationException($"{ids.Count - moved} of the given ids are not in the dead-letter table; nothing was replayed.");
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }
}
