using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using DefectRefine.LabelStore.Loop;

namespace DefectRefine.LabelStore.Outbox;

/// <summary>Hands a message to the bus; the id is the outbox row's, so a redelivered copy can be recognised.</summary>
public interface IOutboxTransport
{
    Task PublishAsync(object message, Guid messageId, CancellationToken cancellationToken);
}

/// <summary>
/// Publishes what <see cref="Outbox"/> holds, oldest first, and deletes each row once the broker has taken it. Any
/// number of replicas relay side by side: a batch is claimed with FOR UPDATE SKIP LOCKED. While the broker is away the
/// rows wait (with the last error and attempts recorded) and go out, in order, when it is back.
/// </summary>
public sealed class OutboxRelay(LoopDatabase database, Outbox outbox, IOutboxTransport transport, ILogger<OutboxRelay> log) : BackgroundService
{
    public const int BatchSize = 100;

    /// <summary>How often to look for rows other processes left (a crash between commit and publish); commits here wake it at once.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await RelayBatchAsync(stoppingToken);
                if (result.Failed)
                {
                    failures++;
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * (1 << Math.Min(failures, 6)))), stoppingToken);
                    continue;
                }
                failures = 0;
                if (result.Published < BatchSize)
                    await outbox.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // PostgreSQL is away (or its schema is being created by another process): the rows are safe in it; look
                // again shortly. Never let the host stop over it.
                failures++;
                log.LogWarning("The outbox could not be read ({Reason}); retrying.", error.Message.Split('\n')[0]);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, failures)), stoppingToken);
            }
        }
    }

    /// <summary>One batch: claim, publish in order, delete what went out. Stops at the first message the broker refuses.</summary>
    public async Task<RelayResult> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = new List<(Guid Id, string Type, string Body, TimeSpan Age)>();
        await using (var select = new NpgsqlCommand(
            // Rows known to be unreadable go last, so that a batch full of them cannot hold back the readable rows behind.
            // Every other row keeps its place in line: a row the broker refused is still the first to go next time.
            $"select id, message_type, body::text, clock_timestamp() - created_at from {outbox.Table} " +
            $"order by coalesce(last_error like '{UnreadablePrefix}%', false), created_at, id limit {BatchSize} for update skip locked", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                claimed.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetTimeSpan(3)));
        }
        if (claimed.Count == 0)
            return new RelayResult(0, false);

        var published = new List<Guid>(claimed.Count);
        Exception? failure = null;
        foreach (var (id, type, body, age) in claimed)
        {
            object message;
            try
            {
                message = Outbox.Read(type, body);
            }
            catch (Exception error) when (error is InvalidDataException or System.Text.Json.JsonException or NotSupportedException)
            {
                // Not the broker's fault: this row will never become a message in this release. It does not hold back
                // the rows behind it; a newer release rolling out beside this one may still publish it, so it is set
                // aside only after several attempts and once it is old enough.
                var attempts = await NoteFailureAsync(connection, transaction, id, UnreadablePrefix + error.Message, cancellationToken);
                if (attempts < outbox.MaxAttempts || age < outbox.DeadAfter)
                {
                    // Polled every second until it is old enough: say so on the first attempt and now and then, not each time.
                    if (attempts == 1 || attempts % 60 == 0)
                        log.LogWarning("Outbox message {Id} ({Type}) cannot be read ({Reason}); attempt {Attempts}, skipped for now.", id, type, error.Message, attempts);
                    continue;
                }
                await DeadLetterAsync(connection, transaction, id, cancellationToken);
                OutboxMetrics.DeadLettered.Add(1, new KeyValuePair<string, object?>("type", type));
                log.LogError("Outbox message {Id} ({Type}) moved to {Table} after {Attempts} attempts: {Reason}. List and replay with `dr outbox`.",
                    id, type, outbox.DeadTable, attempts, error.Message);
                continue;
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(PublishTimeout);
                await transport.PublishAsync(message, id, timeout.Token);
                published.Add(id);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // The broker is away or refused: the row keeps its place, however long that takes.
                failure = error;
                await NoteFailureAsync(connection, transaction, id, error.Message, cancellationToken);
                log.LogWarning("Outbox message {Id} ({Type}) not published yet: {Reason}. It stays queued.", id, type, error.Message);
                break;
            }
        }
        if (published.Count > 0)
        {
            await using var delete = new NpgsqlCommand($"delete from {outbox.Table} where id = any(@ids)", connection, transaction);
            delete.Parameters.AddWithValue("ids", published.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new RelayResult(published.Count, failure is not null);
    }

    /// <summary>How <c>last_error</c> marks a row that can never become a message in this release.</summary>
    public const string UnreadablePrefix = "unreadable: ";

    private async Task<int> NoteFailureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string error, CancellationToken cancellationToken)
    {
        await using var note = new NpgsqlCommand($"update {outbox.Table} set attempts = attempts + 1, last_error = @error where id = @id returning attempts", connection, transaction);
        note.Parameters.AddWithValue("error", error.Length > 500 ? error[..500] : error);
        note.Parameters.AddWithValue("id", id);
        return (int)(await note.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task DeadLetterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var move = new NpgsqlCommand(
            $"insert into {outbox.DeadTable} (id, message_type, body, created_at, attempts, last_error) " +
            $"select id, message_type, body, created_at, attempts, last_error from {outbox.Table} where id = @id; " +
            $"delete from {outbox.Table} where id = @id", connection, transaction);
        move.Parameters.AddWithValue("id", id);
        await move.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Messages still waiting, for health and metrics.</summary>
    public async Task<long> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"select count(*) from {outbox.Table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }
}

public sealed record RelayResult(int Published, bool Failed);
