using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.LabelStore.Loop;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// A consumer that publishes and then meets a database error: the Miner publishes QueriesReady, then writes the maps
/// of the images its queries show, and PostgreSQL refuses that write (a trigger raises on insert). The try that fails
/// must publish nothing, and the bus tries the message again: the in-memory outbox holds a consumer's publishes until
/// it completes. So the retried message publishes once: one QueriesReady reaches the
/// gateways, one session starts. Without the outbox the failed try publishes too, and a gateway gets a repeat.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class PublishAfterDatabaseErrorTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task A_miner_whose_map_write_fails_after_its_publish_publishes_nothing_and_its_retry_publishes_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var environment = new Dictionary<string, string>
        {
            // No watchdog resend during the test: the only mining request is the one the loop sent.
            ["Gateway__ResendAfterSeconds"] = "3600",
            ["Logging__LogLevel__DefectRefine.LabelGateway.Consumers"] = "Debug",
        };
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5530, ct, environment);
        var datasetId = await fleet.Api.CreateDatasetAsync("steel-outbox-" + Guid.NewGuid().ToString("N")[..8], ct);
        await fleet.Api.ImportGeneratedRoisAsync(datasetId, "steel", ct);
        await using var fault = await StoreFault.RefuseInsertsAsync(fleet.Postgres, fleet.Schema, ModelMapStore.TableName, "map storage refused (test fault)", ct);
        var project = await fleet.Api.CreateProjectAsync("outbox-" + Guid.NewGuid().ToString("N")[..8], datasetId, LoopFleet.SmallSettings(leaseSeconds: 60), ct);

        // A try reaches the publish, then fails on the map write; the bus tries the message again.
        string Miner() => fleet.ReadLogs("Miner.log").Single();
        var ready = $"Project {project.ProjectId}: ";
        for (var waited = 0; !Miner().Contains(fault.Message, StringComparison.Ordinal); waited++)
        {
            Assert.True(waited < 480, "the Miner's map write did not fail in 4 minutes");
            await Task.Delay(500, ct);
        }
        await fault.RemoveAsync(ct);

        await fleet.WaitForLabellingAsync(project.ProjectId, ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // room for a second QueriesReady to arrive, had one gone out
        var tries = Tries(Miner(), ready);
        output.WriteLine($"the mining consumer ran {tries} times");
        Assert.True(tries >= 2, "the failed try was not retried");
        var history = await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct);
        Assert.Single(history, e => e.Event == nameof(SessionStarted));
        // Every QueriesReady that reached a gateway is logged; a repeat (the failed try's publish) says it changed nothing.
        var repeats = fleet.ReadLogs("LabelGateway-*.log").Sum(log => log.Split('\n').Count(line =>
            line.Contains($"QueriesReady for project {project.ProjectId} changed nothing", StringComparison.Ordinal)));
        Assert.Equal(0, repeats);
    }

    /// <summary>Tries of the mining consumer: each logs its filled buffer just before it publishes.</summary>
    private static int Tries(string log, string project) =>
        log.Split('\n').Count(line => line.Contains(project, StringComparison.Ordinal) && line.Contains("queries ready for", StringComparison.Ordinal));
}
