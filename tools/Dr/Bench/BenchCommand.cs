using System.CommandLine;
using System.Text.Json;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Learning.Model;

namespace DefectRefine.Cli.Bench;

/// <summary><c>dr bench</c>: benchmarks that print figures; results and the command live in docs/benchmarks.md.</summary>
public static class BenchCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

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
        command.Subcommands.Add(Learning());
        return command;
    }

    private static Command Learning()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (the keys of bench/pytorch_peer.py)." };
        var width = new Option<int>("--width") { Description = "Channels of the stride-2 stage.", DefaultValueFactory = _ => new PatchModelConfig().Width };
        var patch = new Option<int>("--patch") { Description = "Patch size.", DefaultValueFactory = _ => new PatchModelConfig().PatchSize };
        var embedding = new Option<int>("--embedding") { Description = "Embedding size.", DefaultValueFactory = _ => new PatchModelConfig().EmbeddingSize };
        var batch = new Option<int>("--batch") { Description = "Patches per training step.", DefaultValueFactory = _ => 384 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps (after 5 warm-up steps).", DefaultValueFactory = _ => 30 };
        var memorySteps = new Option<int>("--memory-steps") { Description = "Steps over which resident memory must not grow (0: skip).", DefaultValueFactory = _ => 1000 };
        var noPhase = new Option<bool>("--no-phase") { Description = "Skip timing a whole default training phase." };
        var command = new Command("learning", "Training step, inference, dense-map time and memory of the patch model (goals: step ≤ 300 ms, phase ≤ 60 s, dense 1600×256 ≤ 300 ms, peak RSS ≤ 2 GB).")
        {
            json, width, patch, embedding, batch, steps, memorySteps, noPhase,
        };
        command.SetAction(parse =>
        {
            var config = new PatchModelConfig { Width = parse.GetValue(width), PatchSize = parse.GetValue(patch), EmbeddingSize = parse.GetValue(embedding) };
            try
            {
                config.Validate();
                if (parse.GetValue(batch) < 4 || parse.GetValue(steps) < 1 || parse.GetValue(memorySteps) < 0)
                    throw new ArgumentException("--batch must be at least 4, --steps positive, --memory-steps not negative.");
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"dr bench learning: {error.Message}");
                return 2;
            }
            var quiet = parse.GetValue(json);
            var result = LearningBenchmark.Run(config, parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(memorySteps), !parse.GetValue(noPhase),
                quiet ? null : Console.Error.WriteLine);
            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }
            Console.WriteLine($"{result.Framework} on {result.Device}, {result.Params:N0} parameters, patch {result.PatchSize}, batch {result.Batch}");
            Console.WriteLine($"train step: {result.TrainStepMs} ms; inference: {result.InferPatchesPerS:N0} patches/s");
            Console.WriteLine($"dense map: 200x200 {result.DenseMs200x200} ms, 1600x256 {result.DenseMs1600x256} ms");
            if (result.PhaseS is { } phase)
                Console.WriteLine($"default training phase: {phase} s, {result.PhaseSteps} steps, stopped by {result.PhaseStop}");
            if (result.RssMbAfterSteps is { } end)
                Console.WriteLine($"resident memory: {result.RssMbAfter100Steps} MB after 100 steps, {end} MB after {result.MemorySteps}; peak {result.PeakRssMb} MB");
            return 0;
        });
        return command;
    }
}
