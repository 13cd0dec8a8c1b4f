using System.Text.Json;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using DefectRefine.Stations;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Faults;

/// <summary>
/// The Trainer is killed (SIGKILL, no shutdown) in the middle of a training round and started again. The round must be
/// trained again, not lost and not doubled: RabbitMQ gives the unacknowledged request to the new process, the dead
/// process's advisory lock went with its connection, and exactly one checkpoint of the round is stored. The loop then
/// labels on as before.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class TrainerCrashTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task A_trainer_killed_mid_round_is_restarted_and_the_round_is_trained_exactly_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5390, ct);
        var datasetId = await fleet.Api.CreateDatasetAsync("steel-crash-" + Guid.NewGuid().ToString("N")[..8], ct);
        await fleet.Api.ImportGeneratedRoisAsync(datasetId, "steel", ct);
        // A round long enough to be caught in the middle: several hundred steps of the small model.
        var settings = LoopFleet.SmallSettings(leaseSeconds: 60) with { InitialTrainingSteps = 600 };
        var project = await fleet.Api.CreateProjectAsync("crash-" + Guid.NewGuid().ToString("N")[..8], datasetId, settings, ct);

        await using var station = await fleet.ConnectStationAsync(0, "watcher", "ops", ct);
        var midway = new TaskCompletionSource<TrainingStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        station.TrainingProgressed += progress =>
        {
            if (progress.Round == 0 && progress.Step >= 30)
                midway.TrySetResult(progress);
        };
        await station.JoinAsync(project.ProjectId, ct);
        var caught = await midway.Task.WaitAsync(TimeSpan.FromMinutes(3), ct);
        output.WriteLine($"killing the Trainer at step {caught.Step} of {caught.MaxSteps}");

        await fleet.KillAsync("Trainer");
        await fleet.RestartAsync("Trainer", ct);
        await fleet.WaitForLabellingAsync(project.ProjectId, ct);

        var details = JsonDocument.Parse(await fleet.Gateway.GetStringAsync($"/api/projects/{project.ProjectId}", ct)).RootElement;
        var status = details.GetProperty("status");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
        Assert.Equal([0], details.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("round").GetInt32()));
        Assert.Equal(1, status.GetProperty("trainingsCompleted").GetInt32());

        var log = fleet.ReadLogs("Trainer.log").Single();
        var started = log.Split('\n').Count(line => line.Contains("round 0: training", StringComparison.Ordinal));
        output.WriteLine($"round 0 was started {started} time(s)");
        Assert.True(started >= 2, "the killed round was not trained again by the restarted Trainer");

        var expert = await fleet.ExpertAsync(datasetId, ct);
        Guid[] acknowledged = [await LoopFleet.AnswerNextAsync(station, expert, ct), await LoopFleet.AnswerNextAsync(station, expert, ct)];
        await LoopAudit.AssertEveryAnswerKeptOnceAsync(fleet, project.ProjectId, datasetId, acknowledged, [], ct);
    }
}
