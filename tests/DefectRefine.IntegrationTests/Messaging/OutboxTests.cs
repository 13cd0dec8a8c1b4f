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

    private static OutboxRelay Relay(LabelStoreScope scope, NpgsqlDataSource dataSource, IOutboxTransport transport) =>
        new(new LoopDatabase(scope.Store, scope.Options, dataSource), scope.Outbox, transport, NullLogger<OutboxRelay>.Instance);

    private async Task<List<string>> RowsAsync(LabelStoreScope scope)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select message_type || ':' || (body->>'datasetId') from {scope.Outbox.Table} order by created_at", connection);
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
