using System.CommandLine;
using System.Text.Json;
using DefectRefine.Cli.Infrastructure;

namespace DefectRefine.Cli.Bench;

/// <summary><c>dr bench</c>: benchmarks that print figures; results and the command live in docs/benchmarks.md.</summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var command = new Command("bench", "Run a benchmark and print its figures.");
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var events = new Option<int>("--events") { Description = "Events in the stream.", DefaultValueFactory = _ => 10_000 };
        var replays = new Option<int>("--replays") { Description = "Random versions to rebuild.", DefaultValueFactory = _ => 200 };
        var side = new Option<int>("--side") { Description = "Image side in pixels.", DefaultValueFactory = _ => 200 };
        var postgres = new Option<string?>("--postgres") { Description = "Connection string (default: ConnectionStrings__Postgres, else the local services' settings)." };
        var history = new Command("history", "Append throughput and replay time at random versions of one long mask stream (goal: replay ≤ 20 ms at 10,000 events).")
        {
            json, events, replays, side, postgres,
        };
        history.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(events) < 1 || parse.GetValue(replays) < 1 || parse.GetValue(side) is < 8 or > 4096)
            {
                Console.Error.WriteLine("dr bench history: --events and --replays must be positive, --side 8..4096.");
                return 2;
            }
            var quiet = parse.GetValue(json);
            var result = await HistoryBenchmark.RunAsync(PostgresConnection.Resolve(parse.GetValue(postgres)), parse.GetValue(events),
                parse.GetValue(replays), parse.GetValue(side), 7, quiet ? null : Console.Error.WriteLine, ct);
            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return 0;
            }
            Console.WriteLine($"append: {result.Events} events in {result.AppendSeconds:F1} s = {result.AppendsPerSecond:F0} events/s (p50 {result.AppendP50Ms} ms, p95 {result.AppendP95Ms} ms per write)");
            Console.WriteLine($"replay at a random version ({result.Replays}x, checkpoint every {result.CheckpointInterval}): p50 {result.ReplayP50Ms} ms, p95 {result.ReplayP95Ms} ms, max {result.ReplayMaxMs} ms");
            Console.WriteLine($"full replay without checkpoints: p50 {result.FullReplayP50Ms} ms");
            return 0;
        });
        command.Subcommands.Add(history);
        return command;
    }
}
