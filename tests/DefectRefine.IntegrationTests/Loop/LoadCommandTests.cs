using DefectRefine.Cli;
using DefectRefine.Cli.Load;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Stations;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Loop;

/// <summary>
/// A CI-sized <c>dr load</c>: eight stations answering flat out on one project through two gateway replicas, across
/// sessions and the trainings between them. Every acknowledged answer must be in the project's history exactly once,
/// and none may be refused: the project's answers queue on its stream lock instead of racing.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class LoadCommandTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task Eight_stations_flat_out_on_two_gateways_lose_no_answer_and_none_is_refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 12, basePort: 5380, ct);
        var project = await fleet.CreateLabellingProjectAsync(LoopFleet.SmallSettings(leaseSeconds: 30, sessionTarget: 24), ct);

        var options = new SimulationOptions(fleet.Gateways[0], project.ProjectId)
        {
            ExtraGateways = [fleet.Gateways[1]],
            Stations = 8,
            Duration = TimeSpan.FromSeconds(40),
            Timeout = TimeSpan.FromMinutes(5),
            UndoEvery = 7,
            WaitForTraining = false,
            StationPrefix = "load-station",
            AccessToken = i => fleet.Token($"load-expert-{i + 1}", Security.Roles.Labeller),
        };
        var report = await LoadCommand.RunAsync(options, fleet.Services.Single(s => s.Name == "Ingest").BaseAddress, fleet.TruthFolder,
            Cli.Infrastructure.CliCredentials.Local(fleet.Auth), ct);
        var q = report.NextQuery;
        output.WriteLine($"{report.AnswersKept} answers ({report.AnswersPerSecond:F2}/s), {report.Undone} undone, {report.Refused} refused, {report.Sessions} sessions; " +
            $"next query p50 {q.P50:F1} ms, p95 {q.P95:F1} ms, p99 {q.P99:F1} ms; {report.LeaseExpiries} lease expiries; lost {report.Lost}, twice {report.Duplicated}");

        Assert.True(report.Clean, $"lost {report.Lost}, kept twice {report.Duplicated}");
        Assert.True(report.Refused == 0, string.Join("; ", report.RefusalReasons));
        Assert.True(report.AnswersKept >= 24, $"only {report.AnswersKept} answers in 40 s");
        Assert.True(report.Sessions >= 2, "the run never reached a second session, so no training ran under load");
        Assert.True(report.Undone > 0);
    }

    [Theory]
    [InlineData("--minutes", "0")]
    [InlineData("--stations", "0")]
    [InlineData("--gateway", "ftp://127.0.0.1:9")]
    public async Task Bad_options_are_refused_with_exit_code_2_before_anything_connects(string option, string value)
    {
        var code = await DrCommand.Build().Parse(["load", "--project", Guid.NewGuid().ToString(), "--gateway", "http://127.0.0.1:9", option, value]).InvokeAsync();
        Assert.Equal(2, code);
    }
}
