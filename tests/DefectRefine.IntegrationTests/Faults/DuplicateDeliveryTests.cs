using System.Text.Json;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.ServiceDefaults;
using Marten;
using MassTransit;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// The same reports delivered again, as RabbitMQ does after a lost acknowledgement: a ModelTrained for a round the loop
/// already adopted and a QueriesReady it already used reach the gateways' real consumers (their debug log shows each
/// was handled) and change nothing: not the project's stream, not its trainings, not its buffer, not the answers.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DuplicateDeliveryTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Reports_delivered_twice_are_handled_and_change_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var verbose = new Dictionary<string, string> { ["Logging__LogLevel__DefectRefine.LabelGateway.Consumers"] = "Debug" };
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5400, ct, verbose);
        var project = await fleet.CreateLabellingProjectAsync(LoopFleet.SmallSettings(leaseSeconds: 60), ct);
        var expert = await fleet.ExpertAsync(project.DatasetId, ct);
        await using var station = await fleet.ConnectStationAsync(0, "ann-station", "ann", ct);
        await station.JoinAsync(project.ProjectId, ct);
        Guid[] acknowledged = [await LoopFleet.AnswerNextAsync(station, expert, ct), await LoopFleet.AnswerNextAsync(station, expert, ct)];
        var before = await SnapshotAsync(fleet, project.ProjectId, ct);
        var model = before.Details.GetProperty("models").EnumerateArray().Single();
        var version = model.GetProperty("version").GetString()!;

        string[] reports = [nameof(ModelTrained), nameof(QueriesReady)];
        int Handled() => fleet.ReadLogs("LabelGateway-*.log").Sum(log => reports.Sum(report => Count(log, $"{report} for project {project.ProjectId} changed nothing")));
        var earlier = Handled(); // the loop's own refills may already have been reported again

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.ConfigureHost(infrastructure.RabbitMq));
        await bus.StartAsync(ct);
        try
        {
            for (var copy = 0; copy < 2; copy++)
            {
                await bus.Publish(new ModelTrained(project.ProjectId, 0, version, null, 40, 0.5, 0.8, 3, "duplicate", DateTimeOffset.UtcNow), ct);
                await bus.Publish(new QueriesReady(project.ProjectId, version, 8, DateTimeOffset.UtcNow), ct);
            }
        }
        finally
        {
            await bus.StopAsync(ct);
        }

        // Wait until the gateways' consumers have handled all four copies.
        for (var waited = 0; ; waited++)
        {
            var handled = Handled() - earlier;
            if (handled >= 4)
                break;
            Assert.True(waited < 60, $"only {handled} of 4 repeated reports were handled in 30 s");
            await Task.Delay(500, ct);
        }

        var after = await SnapshotAsync(fleet, project.ProjectId, ct);
        Assert.Equal(before.StreamVersion, after.StreamVersion);
        Assert.Equal(before.Details.GetProperty("status").GetProperty("trainingsCompleted").GetInt32(),
            after.Details.GetProperty("status").GetProperty("trainingsCompleted").GetInt32());
        Assert.Equal(before.Buffer, after.Buffer);
        Assert.Single(after.Details.GetProperty("models").EnumerateArray());
        await LoopAudit.AssertEveryAnswerKeptOnceAsync(fleet, project.ProjectId, project.DatasetId, acknowledged, [], ct);
    }

    private async Task<(long StreamVersion, JsonElement Details, string Buffer)> SnapshotAsync(LoopFleet fleet, Guid projectId, CancellationToken ct)
    {
        await using var session = fleet.Store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(projectId, ct) ?? throw new InvalidOperationException("no project stream");
        var details = JsonDocument.Parse(await fleet.Gateway.GetStringAsync($"/api/projects/{projectId}", ct)).RootElement;
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(infrastructure.Postgres);
        var counts = await new QueryBuffer(new LoopDatabase(fleet.Store, fleet.StoreOptions, dataSource)).CountsAsync(projectId, ct);
        return (state.Version, details, string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
