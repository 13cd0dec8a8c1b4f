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
        var claimed = new List<(Guid Id, string Type, string Body)>();
        await using (var select = new NpgsqlCommand(
            $"select id, message_type, body::text from {outbox.Table} order by created_at, id limit {BatchSize} for update skip locked", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                claimed.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }
        if (claimed.Count == 0)
            return new RelayResult(0, false);

        var published = new List<Guid>(claimed.Count);
        Exception? failure = null;
        foreach (var (id, type, body) in claimed)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(PublishTimeout);
                await transport.PublishAsync(Outbox.Read(type, body), id, timeout.Token);
                published.Add(id);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                failure = error;
                await using var note = new NpgsqlCommand($"update {outbox.Table} set attempts = attempts + 1, last_error = @error where id = @id", connection, transaction);
                note.Parameters.AddWithValue("error", error.Message.Length > 500 ? error.Message[..500] : error.Message);
                note.Parameters.AddWithValue("id", id);
                await note.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>Messages still waiting, for health and metrics.</summary>
    public async Task<long> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"select count(*) from {outbox.Table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }
}

public sealed record RelayResult(int Published, bool Failed);
