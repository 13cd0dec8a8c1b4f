using System.Collections.Concurrent;
using DefectRefine.Contracts.V1;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.MaskHistory;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.LabelStore.Outbox;
using DefectRefine.Masks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DefectRefine.IntegrationTests.Messaging;

/// <summary>
/// The transactional outbox on the real PostgreSQL: a message exists exactly when the transaction that queued it
/// committed; the relay keeps it while the broker refuses it, then publishes in order with the row's id, once per row
/// even with two relays side by side.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OutboxTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task An_import_and_its_announcement_commit_together_or_not_at_all()
    {
        await using var scope = new LabelStoreScope(infrastructure);
        var (datasetId, imageId) = await scope.AddImageAsync(new BinaryMask(8, 8));
        Assert.Equal([$"{typeof(ImagesAdded).FullName}:{datasetId}"], await RowsAsync(scope));

        // The same file name again is refused: no image, no announcement.
        await Assert.ThrowsAsync<LabelStoreException>(() => scope.AddImageToAsync(datasetId, new BinaryMask(8, 8), "a.png"));
        Assert.Single(await RowsAsync(scope));

        // A session that queues a message but never commits leaves nothing behind.
        await using (var session = scope.Store.LightweightSession())
            scope.Outbox.Enqueue(session, new ImagesAdded(datasetId, null, [imageId], DateTimeOffset.UtcNow));
        Assert.Single(await RowsAsync(scope));
    }

    [Fact]
    public async Task Messages_wait_while_the_broker_refuses_them_and_go_out_in_order_when_it_is_back()
    {
        await using var scope = new LabelStoreScope(infrastructure);
        await using var dataSource = NpgsqlDataSource.Create(infrastructure.Postgres);
        var sent = Enumerable.Range(0, 5).Select(_ => new ImagesAdded(Guid.NewGuid(), null, [Guid.NewGuid()], DateTimeOffset.UtcNow)).ToList();
        await using (var session = scope.Store.LightweightSession())
        {
            foreach (var message in sent)
                scope.Outbox.Enqueue(session, message);
            await session.SaveChangesAsync();
        }

        var away = new RecordingTransport { Refuse = true };
        var down = await Relay(scope, dataSource, away).RelayBatchAsync(CancellationToken.None);
        Assert.Equal(new RelayResult(0, true), down);
        Assert.Equal(5, (await RowsAsync(scope)).Count);
        Assert.Equal((1, "the broker is away"), await FirstAttemptAsync(scope));

        var back = new RecordingTransport();
        var up = await Relay(scope, dataSource, back).RelayBatchAsync(CancellationToken.None);
        Assert.Equal(new RelayResult(5, false), up);
        Assert.Equal(sent.Select(m => m.DatasetId), back.Published.Select(p => ((ImagesAdded)p.Message).DatasetId));
        Assert.Equal(5, back.Published.Select(p => p.Id).Distinct().Count());
        Assert.Empty(await RowsAsync(scope));
    }

    [Fact]
    public async Task Two_relays_side_by_side_publish_every_message_exactly_once()
    {
        await using var scope = new LabelStoreScope(infrastructure);
        await using var dataSource = NpgsqlDataSource.Create(infrastructure.Postgres);
        const int count = 450;
        await using (var session = scope.Store.LightweightSession())
        {
            for (var i = 0; i < count; i++)
                scope.Outbox.Enqueue(session, new ImagesAdded(Guid.NewGuid(), null, [], DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        // As in a deployment, the schema job created the tables before any relay started.
        await scope.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var transport = new RecordingTransport { Delay = TimeSpan.FromMilliseconds(1) };
        async Task DrainAsync(OutboxRelay relay)
        {
            while ((await relay.RelayBatchAsync(CancellationToken.None)).Published > 0)
            {
            }
        }
        await Task.WhenAll(DrainAsync(Relay(scope, dataSource, transport)), DrainAsync(Relay(scope, dataSource, transport)));

        Assert.Equal(count, transport.Published.Count);
        Assert.Equal(count, transport.Published.Select(p => p.Id).Distinct().Count());
        Assert.Empty(await RowsAsync(scope));
    }

    [Fact]
    public async Task A_batch_full_of_unreadable_rows_holds_back_no_readable_row()
    {
        await using var scope = new LabelStoreScope(infrastructure);
        await using var dataSource = NpgsqlDataSource.Create(infrastructure.Postgres);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var insert = new NpgsqlCommand(
                $"insert into {scope.Outbox.Table} (id, message_type, body, created_at) " +
                $"select gen_random_uuid(), 'DefectRefine.Contracts.V1.NoSuchMessage', '{{}}', now() - interval '1 hour' from generate_series(1, {OutboxRelay.BatchSize})", connection);
            await insert.ExecuteNonQueryAsync();
        }
        var transport = new RecordingTransport();
        var relay = Relay(scope, dataSource, transport);
        await relay.RelayBatchAsync(CancellationToken.None);
        Assert.Empty(transport.Published);

        // Once tried, the unreadable rows wait behind every readable one, however many of them fill a batch.
        var (datasetId, _) = await scope.AddImageAsync(new BinaryMask(8, 8));
        await relay.RelayBatchAsync(CancellationToken.None);
        Assert.Equal([datasetId], transport.Published.Select(p => ((ImagesAdded)p.Message).DatasetId));
    }

    [Fact]
    public async Task A_row_that_can_never_be_read_holds_back_nothing_and_is_set_aside_once_old_and_tried_enough()
    {
        await using var scope = new LabelStoreScope(infrastructure);
        await using var dataSource = NpgsqlDataSource.Create(infrastructure.Postgres);
        var poison = Guid.NewGuid();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // What a newer release, or a corrupted row, leaves behind: a type this release cannot instantiate.
            await using var insert = new NpgsqlCommand($"insert into {scope.Outbox.Table} (id, message_type, body) values (@id, 'DefectRefine.Contracts.V1.NoSuchMessage', '{{}}')", connection);
            insert.Parameters.AddWithValue("id", poison);
            await insert.ExecuteNonQueryAsync();
        }
        var (datasetId, _) = await scope.AddImageAsync(new BinaryMask(8, 8));
        var transport = new RecordingTransport();

        // Young: tried and skipped, never set aside (a newer relay may publish it); the message behind it goes out.
        for (var i = 0; i < 3; i++)
            await Relay(scope, dataSource, transport).RelayBatchAsync(CancellationToken.None);
        Assert.Equal([datasetId], transport.Published.Select(p => ((ImagesAdded)p.Message).DatasetId));
        Assert.Equal(["DefectRefine.Contracts.V1.NoSuchMessage:"], await RowsAsync(scope));
        Assert.Equal(3, (await FirstAttemptAsync(scope)).Attempts);
        Assert.Empty(await DeadAsync(scope));

        // Old enough and tried enough: moved to the dead-letter table, with its attempts and the reason.
        var settings = new LabelStoreOptions { Schema = scope.Options.Schema, OutboxMaxAttempts = 4, OutboxDeadAfter = TimeSpan.Zero };
        var strict = new OutboxRelay(new LoopDatabase(scope.Store, settings, dataSource), new LabelStore.Outbox.Outbox(settings), transport, NullLogger<OutboxRelay>.Instance);
        await strict.RelayBatchAsync(CancellationToken.None);
        Assert.Empty(await RowsAsync(scope));
        var (id, attempts, error) = Assert.Single(await DeadAsync(scope));
        Assert.Equal(poison, id);
        Assert.Equal(4, attempts);
        Assert.Contains("unknown type 'DefectRefine.Contracts.V1.NoSuchMessage'", error, StringComparison.Ordinal);
        Assert.StartsWith(OutboxRelay.UnreadablePrefix, error, StringComparison.Ordinal);
        Assert.Single(transport.Published);

        // An operator puts it back (for a release that can read it): an unknown id moves nothing, the right one returns.
        string[] Dr(params string[] args) => [.. args, "--postgres", infrastructure.Postgres, "--schema", scope.Options.Schema];
        var unknown = await DrInProcess.RunAsync(Dr("outbox", "replay", Guid.NewGuid().ToString()));
        Assert.Equal(2, unknown.Code);
        Assert.Contains("not in the dead-letter table; nothing was replayed", unknown.Output, StringComparison.Ordinal);
        var replayed = await DrInProcess.RunAsync(Dr("outbox", "replay", poison.ToString()));
        Assert.Equal(0, replayed.Code);
        Assert.Contains("1 row(s) back in the outbox", replayed.Output, StringComparison.Ordinal);
        Assert.Equal(["DefectRefine.Contracts.V1.NoSuchMessage:"], await RowsAsync(scope));
        Assert.Equal(0, (await FirstAttemptAsync(scope)).Attempts);
        Assert.Empty(await DeadAsync(scope));
    }

    private async Task<List<(Guid Id, int Attempts, string Error)>> DeadAsync(LabelStoreScope scope)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, attempts, last_error from {scope.Outbox.DeadTable}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid, int, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        return rows;
    }

    private static OutboxRelay Relay(LabelStoreScope scope, NpgsqlDataSource dataSource, IOutboxTransport transport) =>
        new(new LoopDatabase(scope.Store, scope.Options, dataSource), scope.Outbox, transport, NullLogger<OutboxRelay>.Instance);

    private async Task<List<string>> RowsAsync(LabelStoreScope scope)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select message_type || ':' || coalesce(body->>'datasetId', '') from {scope.Outbox.Table} order by created_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    private async Task<(int Attempts, string? Error)> FirstAttemptAsync(LabelStoreScope scope)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select attempts, last_error from {scope.Outbox.Table} order by created_at limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private sealed class RecordingTransport : IOutboxTransport
    {
        public bool Refuse { get; init; }
        public TimeSpan Delay { get; init; }
        public ConcurrentQueue<(Guid Id, object Message)> Published { get; } = new();

        public async Task PublishAsync(object message, Guid messageId, CancellationToken cancellationToken)
        {
            if (Refuse)
                throw new InvalidOperationException("the broker is away");
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay, cancellationToken);
            Published.Enqueue((messageId, message));
        }
    }
}
