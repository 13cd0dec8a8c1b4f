using System.Net;
using System.Net.Http.Headers;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Security;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// A training round that throws an exception the Trainer does not know: PostgreSQL refuses the round's checkpoint (a
/// trigger raises on insert), so every attempt trains, then fails on its write with a PostgresException. The round is
/// tried Gateway:TrainingMaxAttempts times, then shown failed, with the reason, in the status JSON and the status page;
/// the watchdog sends nothing more. With the fault gone, only an admin's retry trains it, and the loop goes on.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class TrainingRoundFailureTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task A_round_that_fails_unexpectedly_is_reported_failed_after_its_attempts_and_an_admin_retry_trains_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        var gateway = new Dictionary<string, string>
        {
            ["Gateway__TrainingMaxAttempts"] = "3",
            // A watchdog that would resend within seconds: it must stay quiet once the round has failed.
            ["Gateway__WatchdogSeconds"] = "1",
            ["Gateway__ResendAfterSeconds"] = "15",
        };
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5520, ct, gateway);
        var datasetId = await fleet.Api.CreateDatasetAsync("steel-fail-" + Guid.NewGuid().ToString("N")[..8], ct);
        await fleet.Api.ImportGeneratedRoisAsync(datasetId, "steel", ct);
        await using var fault = await StoreFault.RefuseInsertsAsync(fleet.Postgres, fleet.Schema, ModelCheckpointStore.TableName, "checkpoint storage refused (test fault)", ct);
        var project = await fleet.Api.CreateProjectAsync("fail-" + Guid.NewGuid().ToString("N")[..8], datasetId, LoopFleet.SmallSettings(leaseSeconds: 60), ct);

        var failed = await WaitAsync(() => fleet.Api.ProjectAsync(project.ProjectId, ct), s => s.LastError is not null, TimeSpan.FromMinutes(4), ct);
        output.WriteLine($"failed: {failed.LastError}");
        Assert.Equal(LoopPhase.Training, failed.Phase);
        Assert.Contains(fault.Message, failed.LastError);
        Assert.Contains("gave up after 3 attempts", failed.LastError);
        Assert.Equal(3, failed.FailedTrainingAttempts);
        var attempts = (await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct)).Where(e => e.Event == nameof(TrainingAttemptFailed)).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Data.GetProperty("attempt").GetInt32()));
        Assert.Equal(3, Count(fleet.ReadLogs("Trainer.log").Single(), "round 0 failed unexpectedly"));

        using (var page = new HttpRequestMessage(HttpMethod.Get, $"/status/{project.ProjectId}"))
        {
            var html = await (await fleet.Gateway.SendAsync(page, ct)).Content.ReadAsStringAsync(ct);
            Assert.Contains("training failed", html);
            Assert.Contains("checkpoint storage refused", html);
        }

        // The watchdog would have resent within 15 s of a silent round: a failed one it leaves alone, and no Trainer starts it.
        var starts = Count(fleet.ReadLogs("Trainer.log").Single(), "round 0: training");
        var events = (await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct)).Count;
        await Task.Delay(TimeSpan.FromSeconds(25), ct);
        Assert.Equal(events, (await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct)).Count);
        Assert.Equal(starts, Count(fleet.ReadLogs("Trainer.log").Single(), "round 0: training"));

        // Only an admin may retry; once the fault is gone the retried round trains and the first session begins.
        using (var labeller = new HttpClient { BaseAddress = fleet.Gateways[0] })
        {
            labeller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fleet.Token("ann", Roles.Labeller));
            using var refused = await labeller.PostAsync($"/api/projects/{project.ProjectId}/training/retry", null, ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        await fault.RemoveAsync(ct);
        using (var retry = await fleet.Gateway.PostAsync($"/api/projects/{project.ProjectId}/training/retry", null, ct))
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await fleet.WaitForLabellingAsync(project.ProjectId, ct);
        var trained = await fleet.Api.ProjectAsync(project.ProjectId, ct);
        Assert.Null(trained.LastError);
        Assert.Equal(1, trained.TrainingsCompleted);
        using var again = await fleet.Gateway.PostAsync($"/api/projects/{project.ProjectId}/training/retry", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static int Count(string text, string what) => text.Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(within);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            await Task.Delay(500, limit.Token);
        }
    }
}
