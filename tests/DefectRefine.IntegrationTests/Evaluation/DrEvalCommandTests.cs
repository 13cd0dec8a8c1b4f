using System.Text.Json;
using DefectRefine.Cli;
using DefectRefine.UnitTests;

namespace DefectRefine.IntegrationTests.Evaluation;

/// <summary>
/// A CI-sized <c>dr eval</c> on real NEU-Seg images through the real command tree: ROI labels refined by the simulated
/// expert must end better than the floor (the same budget on the unrefined labels). No servers: the harness runs in process.
/// </summary>
public sealed class DrEvalCommandTests
{
    [Fact]
    public async Task Refinement_with_the_simulated_expert_beats_the_floor_on_neu_seg()
    {
        var output = Directory.CreateTempSubdirectory("dr-eval-").FullName;
        try
        {
            var neu = SharedData.NeuSeg;
            var code = await DrCommand.Build().Parse(
            [
                "eval",
                "--images", Path.Combine(neu, "images", "train"), "--masks", Path.Combine(neu, "masks", "train"),
                "--test-images", Path.Combine(neu, "images", "test"), "--test-masks", Path.Combine(neu, "masks", "test"),
                "--max-images", "40", "--model", "paper", "--init", "roi", "--strategy", "triplet", "--feedback", "both", "--refine", "centre",
                "--sessions", "2", "--queries-per-session", "50", "--initial-steps", "300", "--session-steps", "150", "--seed", "1",
                "--out", output,
            ]).InvokeAsync();

            Assert.Equal(0, code);
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")));
            var sessions = results.RootElement.GetProperty("sessions");
            Assert.Equal(2, sessions.GetArrayLength());
            Assert.Equal(100, sessions[1].GetProperty("answered_queries").GetInt32());
            var refined = sessions[1].GetProperty("truth").GetProperty("pixel_f1").GetDouble();
            var floor = results.RootElement.GetProperty("floor").GetProperty("truth").GetProperty("pixel_f1").GetDouble();
            Assert.True(refined > floor, $"refined pixel F1 {refined:F3} must beat the floor's {floor:F3}");
            Assert.True(File.Exists(Path.Combine(output, "f1.png")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "overlays"), "*.png"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// The product's headline in CI size: 20 NEU-Seg images, one session of 20 answers. The refined masks a user would
    /// export must beat the initial labels they started from, on the same images and labels, and GrabCut in the labels
    /// is reported beside them. It fails when the learner learns the boxes (targets from the labels as they are) or
    /// predicts "no defect": both leave the masks at or below the boxes.
    /// </summary>
    [Fact]
    public async Task Refined_masks_of_the_pixel_learner_beat_the_initial_labels_with_grabcut_reported()
    {
        var output = Directory.CreateTempSubdirectory("dr-eval-pixel-").FullName;
        try
        {
            var neu = SharedData.NeuSeg;
            var code = await DrCommand.Build().Parse(
            [
                "eval",
                "--images", Path.Combine(neu, "images", "train"), "--masks", Path.Combine(neu, "masks", "train"),
                "--test-images", Path.Combine(neu, "images", "test"), "--test-masks", Path.Combine(neu, "masks", "test"),
                "--max-images", "20", "--init", "roi", "--model", "pixel", "--sessions", "1", "--queries-per-session", "20",
                "--initial-steps", "150", "--session-steps", "50", "--seed", "1", "--out", output,
            ]).InvokeAsync();

            Assert.Equal(0, code);
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")));
            var root = results.RootElement;
            var refined = root.GetProperty("sessions")[0].GetProperty("truth").GetProperty("masks_pixel_f1").GetDouble();
            var references = root.GetProperty("references");
            var labels = references.GetProperty("labels").GetProperty("pixel_f1").GetDouble();
            var grabCut = references.GetProperty("grab_cut").GetProperty("pixel_f1").GetDouble();
            Assert.InRange(grabCut, 0.01, 1);
            Assert.True(refined > labels + 0.05, $"refined masks F1 {refined:F3} must beat the initial labels' {labels:F3} (GrabCut {grabCut:F3})");
            var report = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
            Assert.Contains("GrabCut in the labels", report, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task References_are_measured_without_training_for_each_seed_and_bad_choices_are_refused()
    {
        var neu = SharedData.NeuSeg;
        string[] data =
        [
            "--images", Path.Combine(neu, "images", "train"), "--masks", Path.Combine(neu, "masks", "train"),
            "--test-images", Path.Combine(neu, "images", "test"), "--test-masks", Path.Combine(neu, "masks", "test"), "--max-images", "6",
        ];

        Assert.Equal(0, await DrCommand.Build().Parse(["eval", "references", .. data, "--init", "roi,seg", "--seed", "1,2"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", "references", .. data, "--init", "boxes"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", "references", .. data[..4], "--test-masks", data[7]]).InvokeAsync());
    }

    [Fact]
    public async Task The_learner_study_trains_each_setup_on_the_true_masks_and_tables_it()
    {
        var neu = SharedData.NeuSeg;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await DrCommand.Build().Parse(["eval", "learner", "--images", Path.Combine(neu, "images", "train"), "--masks", Path.Combine(neu, "masks", "train"),
                "--max-images", "8", "--width", "8", "--steps", "5,10", "--crop", "64", "--batch", "2"]).InvokeAsync());
        }
        finally
        {
            Console.SetOut(console);
        }
        Assert.Contains("| width 8, 5 steps of 2 × 64 px |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| width 8, 10 steps of 2 × 64 px |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_choices_are_refused_with_exit_code_2_before_any_work()
    {
        var output = Path.Combine(Path.GetTempPath(), "dr-eval-refused-" + Guid.NewGuid().ToString("N"));
        var neu = SharedData.NeuSeg;
        string[] common = ["--images", Path.Combine(neu, "images", "train"), "--masks", Path.Combine(neu, "masks", "train"), "--max-images", "4", "--out", output];

        Assert.Equal(2, await DrCommand.Build().Parse(["eval", .. common, "--strategy", "oracle"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", .. common, "--seed", "1,2"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", .. common, "--expert-noise", "1.5"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", "grid", .. common, "--refine", "centre,diagonal"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", .. common, "--folds", "0"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", .. common, "--model", "paper", "--folds", "2"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", "learner", .. common[..6], "--crop", "90"]).InvokeAsync());
        Assert.Equal(2, await DrCommand.Build().Parse(["eval", "learner", .. common[..6], "--steps", "100,many"]).InvokeAsync());
        Assert.False(Directory.Exists(output));
    }
}
