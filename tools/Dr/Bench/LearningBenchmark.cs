using System.Diagnostics;
using System.Text.Json.Serialization;
using DefectRefine.Imaging;
using DefectRefine.Learning;
using DefectRefine.Learning.Dense;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Synthetic;
using DefectRefine.Learning.Training;

namespace DefectRefine.Cli.Bench;

public sealed record LearningBenchmarkResult(
    string Framework,
    string Device,
    int Threads,
    long Params,
    int PatchSize,
    int Batch,
    double TrainStepMs,
    double InferPatchesPerS,
    [property: JsonPropertyName("dense_ms_200x200")] double DenseMs200x200,
    [property: JsonPropertyName("dense_ms_1600x256")] double DenseMs1600x256,
    double? PhaseS,
    int? PhaseSteps,
    string? PhaseStop,
    [property: JsonPropertyName("rss_mb_after_100_steps")] double? RssMbAfter100Steps,
    double? RssMbAfterSteps,
    int MemorySteps,
    double PeakRssMb,
    string Machine);

/// <summary>
/// The learning core's speed and memory on this machine, measured the same way as bench/pytorch_peer.py so the two
/// can be compared: a training step of 384 patches (tensors, forward, loss with mining, backward, Adam; sampling and patch
/// extraction excluded),
/// inference over 4,096 patches in batches of 512, dense maps of 200×200 and 1600×256 images, a whole default training
/// phase, and resident memory after 100 and after <c>memorySteps</c> steps (it must not grow).
/// </summary>
public static class LearningBenchmark
{
    public static LearningBenchmarkResult Run(PatchModelConfig config, int batch, int timedSteps, int memorySteps, bool phase, Action<string>? progress)
    {
        var device = ComputeDevice.Select();
        var images = SyntheticDefects.Create(64, 200, 200, seed: 11);
        var pixels = images.ToDictionary(i => i.Id, i => i.Pixels);
        var sampler = new PatchSampler(images, []);
        using var model = PatchModel.Create(config, device, seed: 3);
        var parameters = model.ParameterCount;

        progress?.Invoke("training steps ...");
        var stepOptions = new TrainingOptions { BatchSize = batch, MaxSteps = 5 + timedSteps, MinSteps = int.MaxValue, ProgressEverySteps = 1 };
        var stepTimes = new List<double>();
        PatchTrainer.Train(model, sampler, pixels, stepOptions, p =>
        {
            if (p.Step > 5)
                stepTimes.Add(p.StepMs);
        });

        progress?.Invoke("inference ...");
        var pool = sampler.SamplePool(4096, new Random(5)).Select(c => c.Centre).ToList();
        var patches = PatchExtractor.ExtractBatch(pool, pixels, config.PatchSize);
        model.Predict(patches, pool.Count);
        var inference = Median(Enumerable.Range(0, 3).Select(_ => Time(() => model.Predict(patches, pool.Count))));

        progress?.Invoke("dense maps ...");
        var small = images[0].Pixels;
        var wide = SyntheticDefects.Create(1, 1600, 256, seed: 12)[0].Pixels;
        var dense200 = MedianOf(5, () => DenseSegmenter.Segment(model, small));
        var dense1600 = MedianOf(5, () => DenseSegmenter.Segment(model, wide));

        double? phaseSeconds = null;
        int? phaseSteps = null;
        string? phaseStop = null;
        if (phase)
        {
            progress?.Invoke("a default training phase from a fresh model ...");
            using var fresh = PatchModel.Create(config, device, seed: 4);
            var metrics = PatchTrainer.Train(fresh, sampler, pixels, new TrainingOptions { BatchSize = batch });
            (phaseSeconds, phaseSteps, phaseStop) = (Math.Round(metrics.Seconds, 1), metrics.Steps, metrics.StoppedBy.ToString());
        }

        double? rss100 = null, rssEnd = null;
        if (memorySteps > 100)
        {
            progress?.Invoke($"{memorySteps} steps for memory growth ...");
            var memoryOptions = new TrainingOptions { BatchSize = batch, MaxSteps = memorySteps, MinSteps = int.MaxValue, ProgressEverySteps = 100 };
            PatchTrainer.Train(model, sampler, pixels, memoryOptions, p =>
            {
                if (p.Step == 100)
                    rss100 = ResidentMb();
            });
            rssEnd = ResidentMb();
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new LearningBenchmarkResult("torchsharp", ComputeDevice.Describe(device), TorchSharp.torch.get_num_threads(), parameters,
            config.PatchSize, batch, Math.Round(Median(stepTimes), 1), Math.Round(pool.Count / (inference / 1000.0)),
            Math.Round(dense200, 1), Math.Round(dense1600, 1), phaseSeconds, phaseSteps, phaseStop, rss100, rssEnd, memorySteps,
            Math.Round(self.PeakWorkingSet64 / 1048576.0), $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
    }

    private static double ResidentMb()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return Math.Round(self.WorkingSet64 / 1048576.0);
    }

    private static double MedianOf(int runs, Action action)
    {
        action();
        return Median(Enumerable.Range(0, runs).Select(_ => Time(action)));
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
