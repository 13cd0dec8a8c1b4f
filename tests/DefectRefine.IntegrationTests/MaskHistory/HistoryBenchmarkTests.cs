using DefectRefine.Cli.Bench;
using DefectRefine.IntegrationTests.Infrastructure;

namespace DefectRefine.IntegrationTests.MaskHistory;

/// <summary>
/// A CI-sized run of <c>dr bench history</c> (the full one appends 10,000 events): the benchmark itself checks that
/// the checkpointed rebuilds it samples equal a full replay at the same version.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class HistoryBenchmarkTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_small_history_benchmark_replays_from_checkpoints_exactly_and_reports_its_figures()
    {
        var progress = new List<string>();

        var result = await HistoryBenchmark.RunAsync(infrastructure.Postgres, events: 1000, replays: 30, side: 64, seed: 3, progress.Add, CancellationToken.None);

        Assert.Equal(1000, result.Events);
        Assert.Equal(30, result.Replays);
        Assert.True(result.AppendsPerSecond > 0);
        Assert.InRange(result.ReplayP50Ms, 0.01, result.ReplayMaxMs);
        Assert.Equal(["appended 1000 events"], progress);
    }
}
