using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using DefectRefine.ServiceDefaults;
using Marten;
using MassTransit;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// A consumer that publishes and then meets a database error: the Miner publishes QueriesReady, then writes the maps
/// of the images its queries show, and PostgreSQL refuses that write (a trigger raises on insert). Every try of the
/// message (the bus retries a store error four times, then faults it) must publish nothing: the in-memory outbox holds
/// a consumer's publishes until it completes. So no session starts on queries whose consumer failed, and once the
/// fault is gone the request sent again starts exactly one. Without the outbox the first failed try starts the session.
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
            // No watchdog resend during the test: every mining request is the one the loop sent, or the test's own.
            ["Gateway__ResendAfterSeconds"] = "3600",
            ["Logging__LogLevel__DefectRefine.LabelGateway.Consumers"] = "Debug",
        };
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5530, ct, environment);
        var datasetId = await fleet.Api.CreateDatasetAsync("steel-outbox-" + Guid.NewGuid().ToString("N")[..8], ct);
        await fleet.Api.ImportGeneratedRoisAsync(datasetId, "steel", ct);
        await using var fault = await StoreFault.RefuseInsertsAsync(fleet.Postgres, fleet.Schema, ModelMapStore.TableName, "map storage refused (test fault)", ct);
        var project = await fleet.Api.CreateProjectAsync("outbox-" + Guid.NewGuid().ToString("N")[..8], datasetId, LoopFleet.SmallSettings(leaseSeconds: 60), ct);

        // The first try and the bus's four retries each reach the publish, then fail on the map write.
        string Miner() => fleet.ReadLogs("Miner.log").Single();
        var ready = $"Project {project.ProjectId}: ";
        for (var waited = 0; Tries(Miner(), ready) < 5; waited++)
        {
            Assert.True(waited < 480, $"the Miner tried {Tries(Miner(), ready)} times in 4 minutes");
            await Task.Delay(500, ct);
        }
        Assert.Contains(fault.Message, Miner());
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // room for a publish to arrive, had one gone out

        var status = await fleet.Api.ProjectAsync(project.ProjectId, ct);
        var history = await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct);
        output.WriteLine($"after {Tries(Miner(), ready)} failed tries: {status.Phase}, session {status.Session}");
        Assert.Equal(LoopPhase.Mining, status.Phase);
        Assert.DoesNotContain(history, e => e.Event == nameof(SessionStarted));

        // The fault gone, the loop's mining request sent again: the consumer completes and its QueriesReady goes out once.
        await fault.RemoveAsync(ct);
        ProjectLoop loop;
        await using (var session = fleet.Store.QuerySession())
            loop = (await session.LoadAsync<ProjectLoop>(project.ProjectId, ct))!;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.ConfigureHost(infrastructure.RabbitMq));
        await bus.StartAsync(ct);
        try
        {
            await bus.Publish(new SampleMiningPool(loop.Id, loop.DatasetId, loop.ModelVersion!, ProjectLoopRules.MiningPlan(loop)), ct);
        }
        finally
        {
            await bus.StopAsync(ct);
        }
        await fleet.WaitForLabellingAsync(project.ProjectId, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        history = await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct);
        Assert.Single(history, e => e.Event == nameof(SessionStarted));
        var repeats = fleet.ReadLogs("LabelGateway-*.log").Sum(log => log.Split('\n').Count(line =>
            line.Contains($"QueriesReady for project {project.ProjectId} changed nothing", StringComparison.Ordinal)));
        Assert.Equal(0, repeats);
    }

    /// <summary>Tries of the mining consumer: each logs its filled buffer just before it publishes.</summary>
    private static int Tries(string log, string project) =>
        log.Split('\n').Count(line => line.Contains(project, StringComparison.Ordinal) && line.Contains("queries ready for", StringComparison.Ordinal));
}
