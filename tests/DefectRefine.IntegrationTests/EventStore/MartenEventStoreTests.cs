using DefectRefine.IntegrationTests.Infrastructure;
using JasperFx;
using Marten;

namespace DefectRefine.IntegrationTests.EventStore;

public sealed record ProbeMaskStarted(Guid ImageId, int Width, int Height);

public sealed record ProbePixelRelabelled(int X, int Y, bool Defect, string Station);

public sealed class ProbeMask
{
    public Guid Id { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public List<(int X, int Y, bool Defect)> Changes { get; } = [];

    public void Apply(ProbeMaskStarted started) => (Id, Width, Height) = (started.ImageId, started.Width, started.Height);

    public void Apply(ProbePixelRelabelled relabelled) => Changes.Add((relabelled.X, relabelled.Y, relabelled.Defect));
}

[Collection(InfrastructureCollection.Name)]
public sealed class MartenEventStoreTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private DocumentStore _store = null!;

    public Task InitializeAsync()
    {
        _store = DocumentStore.For(options =>
        {
            options.Connection(infrastructure.Postgres);
            options.DatabaseSchemaName = infrastructure.CreateSchemaName("marten");
            options.AutoCreateSchemaObjects = AutoCreate.All;
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Events_appended_to_a_stream_are_read_back_in_order_from_postgres()
    {
        var imageId = Guid.NewGuid();
        await using (var session = _store.LightweightSession())
        {
            session.Events.StartStream<ProbeMask>(imageId, new ProbeMaskStarted(imageId, 200, 200));
            session.Events.Append(imageId, new ProbePixelRelabelled(10, 20, true, "station-a"));
            await session.SaveChangesAsync();
        }
        await using (var session = _store.LightweightSession())
        {
            session.Events.Append(imageId, new ProbePixelRelabelled(11, 20, false, "station-b"));
            await session.SaveChangesAsync();
        }

        // A brand-new store over the same schema: what we read must come from PostgreSQL, not from memory.
        await using var reader = _store.QuerySession();
        var events = await reader.Events.FetchStreamAsync(imageId);

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.IsType<ProbeMaskStarted>(events[0].Data);
        Assert.Equal(new ProbePixelRelabelled(10, 20, true, "station-a"), events[1].Data);
        Assert.Equal(new ProbePixelRelabelled(11, 20, false, "station-b"), events[2].Data);

        var mask = await reader.Events.AggregateStreamAsync<ProbeMask>(imageId);
        Assert.NotNull(mask);
        Assert.Equal((imageId, 200, 200), (mask.Id, mask.Width, mask.Height));
        Assert.Equal([(10, 20, true), (11, 20, false)], mask.Changes);

        var atVersionTwo = await reader.Events.AggregateStreamAsync<ProbeMask>(imageId, version: 2);
        Assert.Single(atVersionTwo!.Changes);
    }

    [Fact]
    public async Task Appending_at_a_stale_version_is_refused()
    {
        var imageId = Guid.NewGuid();
        await using (var session = _store.LightweightSession())
        {
            session.Events.StartStream<ProbeMask>(imageId, new ProbeMaskStarted(imageId, 8, 8));
            await session.SaveChangesAsync();
        }

        await using (var first = _store.LightweightSession())
        {
            first.Events.Append(imageId, 2, new ProbePixelRelabelled(1, 1, true, "a"));
            await first.SaveChangesAsync();
        }

        await using var second = _store.LightweightSession();
        second.Events.Append(imageId, 2, new ProbePixelRelabelled(2, 2, true, "b"));
        await Assert.ThrowsAnyAsync<Exception>(() => second.SaveChangesAsync());

        await using var reader = _store.QuerySession();
        Assert.Equal(2, (await reader.Events.FetchStreamAsync(imageId)).Count);
    }
}
