using System.Diagnostics;
using DefectRefine.Imaging;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Training;

/// <summary>
/// Runs a training phase on a model in place: fine-tuning is training a model loaded from the previous checkpoint.
/// Each step samples a fresh batch of patch centres, so the phase always sees the current labels.
/// </summary>
public static class PatchTrainer
{
    public static TrainingMetrics Train(
        PatchModel model,
        PatchSampler sampler,
        IReadOnlyDictionary<Guid, GrayscaleImage> images,
        TrainingOptions options,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var random = new Random(options.Seed);
        var side = model.Config.PatchSize;
        var net = model.Net;
        net.train();
        using var optimizer = new AdamOptimizer(net);
        var losses = new List<double>(options.MaxSteps);
        var recent = new Queue<(double Loss, double Triplet, double CrossEntropy, double Accuracy)>();
        var clock = Stopwatch.StartNew();
        var stop = TrainingStop.StepBudget;
        var step = 0;
        while (step < options.MaxSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = sampler.Sample(options.Sampling, random);
            var pixels = PatchExtractor.ExtractBatch([.. batch.Select(b => b.Centre)], images, side);
            var labelValues = batch.Select(b => b.Defect ? 1L : 0L).ToArray();

            double loss, tripletLoss, crossEntropy, accuracy;
            var computeStarted = Stopwatch.GetTimestamp();
            using (var scope = NewDisposeScope())
            {
                var input = tensor(pixels, [batch.Count, 1, side, side]).to(model.Device);
                if (options.Augment)
                    input = Flip(input, random);
                var labels = tensor(labelValues).to(model.Device);
                optimizer.ZeroGrad();
                var (logits, embedding) = net.forward(input);
                var flatLogits = logits.flatten(1);
                var parts = PatchLoss.Compute(flatLogits, embedding.flatten(1), labels, options.Margin, options.TripletWeight);
                parts.Total.backward();
                optimizer.Step(options.LearningRateAt(step));
                loss = parts.Total.item<float>();
                tripletLoss = parts.Triplet.item<float>();
                crossEntropy = parts.CrossEntropy.item<float>();
                accuracy = flatLogits.argmax(1).eq(labels).to_type(ScalarType.Float32).mean().item<float>();
            }
            var stepMs = Stopwatch.GetElapsedTime(computeStarted).TotalMilliseconds;
            step++;
            // A NaN or infinite loss has reached every weight: stop, so the phase is neither kept nor reported as a model.
            if (!double.IsFinite(loss))
                throw new TrainingDivergedException(step, loss);
            losses.Add(loss);
            recent.Enqueue((loss, tripletLoss, crossEntropy, accuracy));
            if (recent.Count > 10)
                recent.Dequeue();

            var last = step == options.MaxSteps;
            if (Converged(losses, options))
            {
                stop = TrainingStop.Converged;
                last = true;
            }
            else if (options.TimeBudget is { } budget && clock.Elapsed >= budget)
            {
                stop = TrainingStop.TimeBudget;
                last = true;
            }
            if (progress is not null && (last || step % options.ProgressEverySteps == 0))
                progress(new TrainingProgress(step, options.MaxSteps, loss, tripletLoss, crossEntropy, accuracy, clock.Elapsed, stepMs));
            if (last)
                break;
        }
        net.eval();
        model.DefectLogitOffset = PriorCorrection(sampler, options);
        clock.Stop();
        return new TrainingMetrics(step, stop,
            recent.Average(r => r.Loss), recent.Average(r => r.Triplet), recent.Average(r => r.CrossEntropy), recent.Average(r => r.Accuracy),
            clock.Elapsed.TotalSeconds, clock.Elapsed.TotalMilliseconds / Math.Max(1, step), (long)step * options.BatchSize);
    }

    /// <summary>
    /// log-odds of the defect share of the images, minus that of the share the batches were balanced to. The images'
    /// share comes from the masks even when training on verified samples: those are chosen where the model is unsure, so
    /// their share says nothing about how rare defects are. Without balancing (DefectFraction null) the batches already
    /// had the images' share: no correction.
    /// </summary>
    internal static double PriorCorrection(PatchSampler sampler, TrainingOptions options)
    {
        if (options.DefectFraction is not { } trained)
            return 0;
        var prior = options.PriorDefectShare
            ?? (sampler.MaskDefectShare > 0 ? sampler.MaskDefectShare : sampler.VerifiedDefectShare);
        return LogOdds(prior) - LogOdds(trained);
    }

    private static double LogOdds(double p)
    {
        var clamped = Math.Clamp(p, 1e-4, 1 - 1e-4);
        return Math.Log(clamped / (1 - clamped));
    }

    private static bool Converged(List<double> losses, TrainingOptions options)
    {
        var window = options.ConvergenceWindow;
        if (losses.Count < Math.Max(options.MinSteps, 2 * window))
            return false;
        var previous = Mean(losses, losses.Count - (2 * window), window);
        var latest = Mean(losses, losses.Count - window, window);
        return previous <= 0 || (previous - latest) / previous < options.ConvergenceTolerance;
    }

    private static double Mean(List<double> values, int start, int count)
    {
        double sum = 0;
        for (var i = start; i < start + count; i++)
            sum += values[i];
        return sum / count;
    }

    /// <summary>Flips a random half of the batch left-right and a random half upside down (a defect stays a defect).</summary>
    private static Tensor Flip(Tensor input, Random random)
    {
        var n = (int)input.shape[0];
        var horizontal = new bool[n];
        var vertical = new bool[n];
        for (var i = 0; i < n; i++)
        {
            horizontal[i] = random.Next(2) == 0;
            vertical[i] = random.Next(2) == 0;
        }
        var h = tensor(horizontal).to(input.device).view(n, 1, 1, 1);
        var v = tensor(vertical).to(input.device).view(n, 1, 1, 1);
        var flipped = where(h, input.flip(3), input);
        return where(v, flipped.flip(2), flipped);
    }
}
