using System.Diagnostics;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Ingestion;
using DefectRefine.Masks;
using Marten;
using Npgsql;

namespace DefectRefine.Cli.Bench;

public sealed record HistoryBenchmarkResult(
    int Events,
    int ImageSide,
    int CheckpointInterval,
    double AppendSeconds,
    double AppendsPerSecond,
    double AppendP50Ms,
    double AppendP95Ms,
    int Replays,
    double ReplayP50Ms,
    double ReplayP95Ms,
    double ReplayMaxMs,
    double FullReplayP50Ms,
    string Machine);

/// <summary>
/// Appends <c>events</c> refinements to one mask through the real writer (each a full optimistic write, as a labelling
/// station does), then rebuilds the mask at random versions from checkpoints, and for comparison by a full replay.
/// Runs in a throw-away schema that is dropped afterwards.
/// </summary>
public static class HistoryBenchmark
{
    public static async Task<HistoryBenchmarkResult> RunAsync(string postgres, int events, int replays, int side, int seed, Action<string>? progress, CancellationToken cancellationToken)
    {
        var options = new LabelStoreOptions { Schema = $"bench_{Guid.NewGuid():N}"[..24] };
        try
        {
            using var store = LabelStoreSchema.CreateStore(postgres, options);
            var catalog = new ImageCatalog(store, options, new LabelStore.Outbox.Outbox(options));
            var writer = new MaskWriter(store, options);
            var history = new LabelHistory(store, options);
            var author = new LabelAuthor("bench", "bench");

            var dataset = await catalog.CreateDatasetAsync("bench", "dr bench history", "bench", cancellationToken);
            var png = Imaging.ImageEncoder.EncodePng(new Imaging.GrayscaleImage(side, side, new byte[side * side]));
            var image = ImagePreparer.Prepare(dataset.Id, new ImageUpload("bench.png", png, null, "bench", null),
                new InitialMaskSpec(InitialMaskSource.Noise, 1, 0.1), author, Imaging.ImageLimits.Default);
            await catalog.AddImagesAsync(dataset.Id, null, [image], cancellationToken);
            var imageId = image.ImageId;

            var random = new Random(seed);
            var latencies = new double[events];
            var total = Stopwatch.StartNew();
            for (var i = 0; i < events; i++)
            {
                var context = new RefinementContext(author, DateTimeOffset.UtcNow, Guid.Empty, Guid.NewGuid(), "bench",
                    [new QueryCandidate(imageId, random.Next(side), random.Next(side), CandidateRole.Anchor, false)]);
                var labels = new[] { new PatchLabel(random.Next(side), random.Next(side), random.Next(2) == 0) };
                var started = Stopwatch.GetTimestamp();
                if (i % 2 == 0)
                    await writer.RefineCentrePixelsAsync(imageId, context, labels, cancellationToken);
                else
                    await writer.RefinePatchesAsync(imageId, context, 8, labels, cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if ((i + 1) % 1000 == 0)
                    progress?.Invoke($"appended {i + 1} events");
            }
            total.Stop();

            var lastVersion = events + 1L;
            await history.AtVersionAsync(imageId, 2, cancellationToken);  // warm up the query plans
            var replayTimes = new double[replays];
            for (var i = 0; i < replays; i++)
            {
                var version = 1 + random.NextInt64(lastVersion);
                var started = Stopwatch.GetTimestamp();
                var mask = await history.AtVersionAsync(imageId, version, cancellationToken);
                replayTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (mask.Version != version)
                    throw new InvalidOperationException($"Replay returned version {mask.Version} for {version}.");
            }

            var fullReplays = new double[Math.Min(10, replays)];
            await using (var session = store.QuerySession())
            {
                for (var i = 0; i < fullReplays.Length; i++)
                {
                    var version = 1 + random.NextInt64(lastVersion);
                    var started = Stopwatch.GetTimestamp();
                    var full = await session.Events.AggregateStreamAsync<MaskProjection>(imageId, version, token: cancellationToken);
                    fullReplays[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var fromCheckpoint = await history.AtVersionAsync(imageId, version, cancellationToken);
                    if (!full!.Mask.Equals(fromCheckpoint.Mask))
                        throw new InvalidOperationException($"Checkpoint replay differs from a full replay at version {version}.");
                }
            }

            return new HistoryBenchmarkResult(events, side, options.CheckpointInterval, total.Elapsed.TotalSeconds, events / total.Elapsed.TotalSeconds,
                Percentile(latencies, 0.5), Percentile(latencies, 0.95), replays, Percentile(replayTimes, 0.5), Percentile(replayTimes, 0.95),
                replayTimes.Max(), Percentile(fullReplays, 0.5), $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
        }
        finally
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"drop schema if exists {options.Schema} cascade", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
            return 0;
        var sorted = values.Order().ToArray();
        return Math.Round(sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))], 2);
    }
}
