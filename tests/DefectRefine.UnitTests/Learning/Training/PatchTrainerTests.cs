using DefectRefine.Evaluation;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Synthetic;
using DefectRefine.Learning.Training;

namespace DefectRefine.UnitTests.Learning.Training;

public sealed class PatchTrainerTests
{
    [Fact]
    public void The_model_learns_a_synthetic_separable_task_and_reports_its_progress()
    {
        var train = SyntheticDefects.Create(16, 96, 96, seed: 21);
        var test = SyntheticDefects.Create(4, 96, 96, seed: 22);
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 16 }, seed: 1);
        var reports = new List<TrainingProgress>();

        var metrics = PatchTrainer.Train(model, new PatchSampler(train, []), train.ToDictionary(i => i.Id, i => i.Pixels),
            new TrainingOptions { BatchSize = 128, MaxSteps = 120, ProgressEverySteps = 20 }, reports.Add);

        Assert.Equal(metrics.Steps, reports[^1].Step);
        Assert.All(reports.Skip(1).Zip(reports), pair => Assert.True(pair.First.Step > pair.Second.Step));
        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss {reports[0].Loss:F3} → {reports[^1].Loss:F3}");
        var f1 = HeldOutF1(model, test, seed: 5);
        Assert.True(f1 >= 0.85, $"held-out F1 {f1:F3}");
    }

    [Fact]
    public void A_phase_stops_at_convergence_before_its_step_budget()
    {
        var images = SyntheticDefects.Create(8, 64, 64, seed: 3);
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 });
        // A huge tolerance makes the rule fire as soon as it may: after MinSteps and two windows.
        var metrics = PatchTrainer.Train(model, new PatchSampler(images, []), images.ToDictionary(i => i.Id, i => i.Pixels),
            new TrainingOptions { BatchSize = 32, MaxSteps = 100, MinSteps = 10, ConvergenceWindow = 5, ConvergenceTolerance = 10 });
        Assert.Equal(TrainingStop.Converged, metrics.StoppedBy);
        Assert.Equal(10, metrics.Steps);
        Assert.Equal(320, metrics.PatchesSeen);
    }

    [Fact]
    public void Fine_tuning_continues_from_the_previous_weights()
    {
        var images = SyntheticDefects.Create(8, 64, 64, seed: 4);
        var pixels = images.ToDictionary(i => i.Id, i => i.Pixels);
        var sampler = new PatchSampler(images, []);
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 });
        var options = new TrainingOptions { BatchSize = 64, MaxSteps = 60, MinSteps = int.MaxValue };
        var first = PatchTrainer.Train(model, sampler, pixels, options);
        var second = PatchTrainer.Train(model, sampler, pixels, options with { MaxSteps = 10, Seed = 2 });
        // Starting where the first phase ended, the second starts far below a fresh model's loss.
        using var fresh = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 });
        var scratch = PatchTrainer.Train(fresh, sampler, pixels, options with { MaxSteps = 10, Seed = 2 });
        Assert.True(second.FinalLoss < scratch.FinalLoss, $"fine-tuned {second.FinalLoss:F3} vs from scratch {scratch.FinalLoss:F3} (first phase ended at {first.FinalLoss:F3})");
    }

    [Fact]
    public void Cancellation_stops_a_phase()
    {
        var images = SyntheticDefects.Create(2, 64, 64, seed: 5);
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 });
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => PatchTrainer.Train(model, new PatchSampler(images, []),
            images.ToDictionary(i => i.Id, i => i.Pixels), new TrainingOptions { BatchSize = 16, MaxSteps = 1000, ProgressEverySteps = 1 },
            p =>
            {
                if (p.Step == 3)
                    cancel.Cancel();
            }, cancel.Token));
    }

    [Fact]
    public void After_balanced_training_the_model_is_calibrated_to_how_rare_defects_are_in_the_images()
    {
        // Synthetic images are mostly background; batches were half defects, so the logit offset must be negative and
        // equal to log-odds(image share) − log-odds(0.5).
        var images = SyntheticDefects.Create(6, 64, 64, seed: 8);
        var share = images.Sum(i => (double)i.Mask!.CountDefects()) / images.Sum(i => i.Width * i.Height);
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 });
        PatchTrainer.Train(model, new PatchSampler(images, []), images.ToDictionary(i => i.Id, i => i.Pixels), new TrainingOptions { BatchSize = 32, MaxSteps = 2 });
        Assert.Equal(Math.Log(share / (1 - share)), model.DefectLogitOffset, 1e-9);
        Assert.True(model.DefectLogitOffset < 0);

        PatchTrainer.Train(model, new PatchSampler(images, []), images.ToDictionary(i => i.Id, i => i.Pixels),
            new TrainingOptions { BatchSize = 32, MaxSteps = 2, DefectFraction = null });
        Assert.Equal(0, model.DefectLogitOffset);
    }

    internal static double HeldOutF1(PatchModel model, IReadOnlyList<LearningImage> images, int seed)
    {
        var centres = new PatchSampler(images, []).Sample(new SamplingOptions { Count = 1000, DefectFraction = 0.5 }, new Random(seed));
        // The centres are half defects, so the decision must use that prior, not the images' (the trainer's calibration).
        var calibration = model.DefectLogitOffset;
        model.DefectLogitOffset = 0;
        var predictions = model.Predict([.. centres.Select(c => c.Centre)], images.ToDictionary(i => i.Id, i => i.Pixels));
        model.DefectLogitOffset = calibration;
        var confusion = new Confusion();
        for (var i = 0; i < centres.Count; i++)
            confusion.Add(predictions.DefectProbability[i] > 0.5f, centres[i].Defect);
        return confusion.F1;
    }
}
