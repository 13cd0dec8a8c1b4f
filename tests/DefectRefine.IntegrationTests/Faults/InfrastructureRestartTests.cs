extern alias gateway;

using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.Stations;
using Xunit.Abstractions;
using LabelGatewayReasons = gateway::DefectRefine.LabelGateway.Stations.LabellingHub;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// The servers go away in the middle of a labelling session and come back (scripts/services.sh stop and start, the
/// real processes on loopback). RabbitMQ away: stations keep labelling, since answers need only PostgreSQL; what the
/// answers call for (the training that ends the session, the stations' notifications) waits in the outbox and goes
/// out when the broker is back. PostgreSQL away: an answer is refused rather than acknowledged, the same answer is
/// kept once the database is back, and the loop goes on. Each ends with the audit of the event streams.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InfrastructureRestartTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task RabbitMq_stopped_mid_session_delays_the_training_it_called_for_and_loses_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        await using var session = await LabellingSession.StartAsync(infrastructure, basePort: 5410, ct);
        var (fleet, project, expert, ann, bob) = session;
        var acknowledged = new List<Guid>();
        for (var i = 0; i < 2; i++)
            acknowledged.Add(await LoopFleet.AnswerNextAsync(i % 2 == 0 ? ann : bob, expert, ct));

        await infrastructure.StopAsync(Server.RabbitMq, ct);
        try
        {
            // The rest of the session, with the broker away: the last answer completes it and asks for a training.
            for (var i = 2; i < 6; i++)
                acknowledged.Add(await LoopFleet.AnswerNextAsync(i % 2 == 0 ? ann : bob, expert, ct));
            var waiting = await OutboxPendingAsync(fleet, ct);
            var status = await fleet.Api.ProjectAsync(project.ProjectId, ct);
            output.WriteLine($"broker away: {acknowledged.Count} answers acknowledged, phase {status.Phase}, {waiting} message(s) waiting in the outbox");
            Assert.Equal(LoopPhase.Training, status.Phase);
            Assert.True(waiting > 0, "the training request should be waiting in the outbox");
            await AssertServingWithoutTheBrokerAsync(fleet, ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
        }
        finally
        {
            await infrastructure.StartAsync(Server.RabbitMq, CancellationToken.None);
        }

        var back = await WaitForTrainingsAsync(fleet, project.ProjectId, 2, ct);
        output.WriteLine($"broker back: session {back.Session}, {back.TrainingsCompleted} trainings, outbox {await OutboxPendingAsync(fleet, ct)}");
        acknowledged.Add(await LoopFleet.AnswerNextAsync(ann, expert, ct));
        await LoopAudit.AssertEveryAnswerKeptOnceAsync(fleet, project.ProjectId, project.DatasetId, acknowledged, [], ct);
        Assert.Equal(0, await OutboxPendingAsync(fleet, ct));
    }

    [Fact]
    public async Task PostgreSql_restarted_mid_session_refuses_answers_meanwhile_and_keeps_them_once_it_is_back()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        await using var session = await LabellingSession.StartAsync(infrastructure, basePort: 5420, ct);
        var (fleet, project, expert, ann, bob) = session;
        var acknowledged = new List<Guid> { await LoopFleet.AnswerNextAsync(ann, expert, ct), await LoopFleet.AnswerNextAsync(bob, expert, ct) };
        var held = (await ann.NextQueryAsync(ct)).Query ?? throw new InvalidOperationException("no query to hold");

        await infrastructure.StopAsync(Server.Postgres, ct);
        try
        {
            // Without its database the gateway cannot keep an answer, so it must not acknowledge one.
            var refused = await ann.AnswerAsync(expert.Answer(held), ct);
            Assert.False(refused.Accepted, "an answer was acknowledged without a database");
            Assert.Equal(LabelGatewayReasons.StoreUnavailable, refused.Reason);
            output.WriteLine($"database away: the answer to {held.QueryId} was refused: {refused.Reason}");
        }
        finally
        {
            await infrastructure.StartAsync(Server.Postgres, CancellationToken.None);
        }

        // The station sends the same answer again: its lease still holds, and it is kept once.
        var again = await RetryWhileUnavailableAsync(() => ann.AnswerAsync(expert.Answer(held), ct), ct);
        Assert.True(again.Accepted, again.Reason);
        acknowledged.Add(held.QueryId);
        while (acknowledged.Count < 6)
            acknowledged.Add(await AnswerNextWhileReconnectingAsync(acknowledged.Count % 2 == 0 ? ann : bob, expert, ct));

        var back = await WaitForTrainingsAsync(fleet, project.ProjectId, 2, ct);
        output.WriteLine($"database back: session {back.Session}, {back.TrainingsCompleted} trainings");
        acknowledged.Add(await AnswerNextWhileReconnectingAsync(bob, expert, ct));
        await LoopAudit.AssertEveryAnswerKeptOnceAsync(fleet, project.ProjectId, project.DatasetId, acknowledged, [], ct);
    }

    /// <summary>
    /// Every replica stays ready (it serves without the broker: answers wait in the outbox) and alive, and says in its
    /// liveness detail that the broker is away.
    /// </summary>
    private async Task AssertServingWithoutTheBrokerAsync(LoopFleet fleet, CancellationToken ct)
    {
        using var http = new HttpClient();
        foreach (var service in fleet.Services)
        {
            using var ready = await http.GetAsync(new Uri(service.BaseAddress, "/health/ready"), ct);
            Assert.True(ready.IsSuccessStatusCode, $"{service.Name} on {service.Port} left its Service without the broker: {await ready.Content.ReadAsStringAsync(ct)}");
        }
        // MassTransit judges the bus by its receive endpoints; Ingest has none (it only publishes, through the outbox).
        foreach (var service in fleet.Services.Where(service => service.Name != "Ingest"))
        {
            string live = "";
            for (var attempt = 0; attempt < 120 && !live.Contains("\"rabbitmq\":{\"status\":\"Degraded\"", StringComparison.Ordinal); attempt++)
            {
                using var response = await http.GetAsync(new Uri(service.BaseAddress, "/health/live"), ct);
                Assert.True(response.IsSuccessStatusCode, $"{service.Name} on {service.Port} is not alive without the broker");
                live = await response.Content.ReadAsStringAsync(ct);
                await Task.Delay(500, ct);
            }
            Assert.True(live.Contains("\"rabbitmq\":{\"status\":\"Degraded\"", StringComparison.Ordinal), $"{service.Name} on {service.Port}: {live}");
        }
        output.WriteLine($"broker away: all {fleet.Services.Count} replicas ready, their liveness detail shows the broker degraded");
    }

    /// <summary>A fleet, a project in its first session of six answers, and the labellers ann and bob on the two gateways.</summary>
    private sealed record LabellingSession(LoopFleet Fleet, ProjectStatus Project, SimulatedExpert Expert, StationClient Ann, StationClient Bob) : IAsyncDisposable
    {
        public static async Task<LabellingSession> StartAsync(InfrastructureFixture infrastructure, int basePort, CancellationToken ct)
        {
            var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort, ct);
            var project = await fleet.CreateLabellingProjectAsync(LoopFleet.SmallSettings(leaseSeconds: 120, sessionTarget: 6), ct);
            async Task<StationClient> JoinAsync(int gateway, string user)
            {
                var station = await fleet.ConnectStationAsync(gateway, $"{user}-station", user, ct);
                await station.JoinAsync(project.ProjectId, ct);
                return station;
            }
            return new LabellingSession(fleet, project, await fleet.ExpertAsync(project.DatasetId, ct), await JoinAsync(0, "ann"), await JoinAsync(1, "bob"));
        }

        public async ValueTask DisposeAsync()
        {
            await Ann.DisposeAsync();
            await Bob.DisposeAsync();
            await Fleet.DisposeAsync();
        }
    }

    /// <summary>The first tries after a restart may meet pooled connections that died with the server; a station sends again.</summary>
    private static async Task<AnswerReceipt> RetryWhileUnavailableAsync(Func<Task<AnswerReceipt>> answer, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var receipt = await answer();
            if (receipt.Accepted || receipt.Reason != LabelGatewayReasons.StoreUnavailable || attempt == 20)
                return receipt;
            await Task.Delay(500, ct);
        }
    }

    /// <summary>
    /// Each gateway meets its own pooled connections that died with the server, one refusal per dead connection; the
    /// refusal asks the station to try again (nothing was changed), and a station does.
    /// </summary>
    private static async Task<Guid> AnswerNextWhileReconnectingAsync(StationClient station, SimulatedExpert expert, CancellationToken ct)
    {
        for (var refusals = 0; ; )
        {
            NextQueryResult next;
            try
            {
                next = await station.NextQueryAsync(ct);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException error) when (error.Message.Contains("cannot be reached right now", StringComparison.Ordinal) && ++refusals < 20)
            {
                await Task.Delay(500, ct);
                continue;
            }
            if (next.Query is { } query)
            {
                var receipt = await RetryWhileUnavailableAsync(() => station.AnswerAsync(expert.Answer(query), ct), ct);
                Assert.True(receipt.Accepted, receipt.Reason);
                return query.QueryId;
            }
            await Task.Delay(250, ct);
        }
    }

    private static async Task<ProjectStatus> WaitForTrainingsAsync(LoopFleet fleet, Guid projectId, int trainings, CancellationToken ct)
    {
        while (true)
        {
            var status = await fleet.Api.ProjectAsync(projectId, ct);
            Assert.Null(status.LastError);
            if (status.TrainingsCompleted >= trainings && status.Phase == LoopPhase.Labelling)
                return status;
            await Task.Delay(500, ct);
        }
    }

    private static Task<long> OutboxPendingAsync(LoopFleet fleet, CancellationToken ct) =>
        StoreRows.CountAsync(fleet.Postgres, fleet.Schema, LabelStore.Outbox.Outbox.TableName, ct);
}
