using System.Text.Json;
using DefectRefine.Cli.Demo;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.Stations;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// Two Trainers. After round 0's checkpoint is stored, the Trainer that takes round 1 is killed (SIGKILL, no shutdown)
/// in the middle of it and not started again. The other Trainer must finish the round: RabbitMQ hands it the
/// unacknowledged request, the dead process's advisory lock went with its connection, and the project's model advances
/// exactly once, r000 → r001, with one failed attempt counted (the redelivery) and nothing resent. The watchdog is
/// kept out of it (resend after an hour), so only the broker's redelivery can recover the round. The loop then goes on.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class TrainerCrashTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task A_trainer_killed_mid_round_leaves_the_round_to_the_other_trainer_which_trains_it_exactly_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        var environment = new Dictionary<string, string> { ["Gateway__ResendAfterSeconds"] = "3600" };
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5390, ct, environment, trainers: 2);
        // Round 0 short; round 1 long enough to be caught in the middle: several hundred steps of the small model.
        var settings = LoopFleet.SmallSettings(leaseSeconds: 60, sessionTarget: 2) with { SessionTrainingSteps = 600 };
        var project = await fleet.CreateLabellingProjectAsync(settings, ct);
        var expert = await fleet.ExpertAsync(project.DatasetId, ct);
        await using var station = await fleet.ConnectStationAsync(0, "watcher", "ops", ct);
        var midway = new TaskCompletionSource<TrainingStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        station.TrainingProgressed += progress =>
        {
            if (progress.Round == 1 && progress.Step >= 30)
                midway.TrySetResult(progress);
        };
        await station.JoinAsync(project.ProjectId, ct);
        List<Guid> acknowledged = [await LoopFleet.AnswerNextAsync(station, expert, ct), await LoopFleet.AnswerNextAsync(station, expert, ct)];
        var caught = await midway.Task.WaitAsync(TimeSpan.FromMinutes(3), ct);

        var trainers = fleet.Services.Where(s => s.Name == "Trainer").ToList();
        string LogOf(ServiceSpec trainer) => fleet.ReadLogs($"Trainer-{trainer.Port}.log").Single();
        var killed = trainers.Single(t => LogOf(t).Contains("round 1: training", StringComparison.Ordinal));
        var survivor = trainers.Single(t => t != killed);
        output.WriteLine($"killing the Trainer on {killed.Port} at step {caught.Step} of {caught.MaxSteps}");
        await fleet.KillAsync(killed);

        await WaitForSessionAsync(fleet, project.ProjectId, 2, ct);
        var details = JsonDocument.Parse(await fleet.Gateway.GetStringAsync($"/api/projects/{project.ProjectId}", ct)).RootElement;
        var status = details.GetProperty("status");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
        Assert.Equal(2, status.GetProperty("trainingsCompleted").GetInt32());
        var models = details.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([0, 1], models.Select(m => m.GetProperty("round").GetInt32()));
        Assert.Equal(models[0].GetProperty("version").GetString(), models[1].GetProperty("parentVersion").GetString());

        Assert.Contains("round 1: the request was redelivered", LogOf(survivor));
        Assert.Contains("round 1: training", LogOf(survivor));
        var history = await fleet.Api.ProjectHistoryAsync(project.ProjectId, ct);
        var attempt = Assert.Single(history, e => e.Event == nameof(TrainingAttemptFailed));
        Assert.Equal(1, attempt.Data.GetProperty("round").GetInt32());
        Assert.False(attempt.Data.GetProperty("sentAgain").GetBoolean());
        Assert.Equal([0, 1], history.Where(e => e.Event == nameof(TrainingRoundCompleted)).Select(e => e.Data.GetProperty("round").GetInt32()));

        acknowledged.Add(await LoopFleet.AnswerNextAsync(station, expert, ct));
        await LoopAudit.AssertEveryAnswerKeptOnceAsync(fleet, project.ProjectId, project.DatasetId, [.. acknowledged], [], ct);
    }

    private static async Task WaitForSessionAsync(LoopFleet fleet, Guid projectId, int session, CancellationToken ct)
    {
        while (await fleet.Api.ProjectAsync(projectId, ct) is var s && (s.Phase != LoopPhase.Labelling || s.Session < session))
            await Task.Delay(250, ct);
    }
}
