using System.Text.Json;
using DefectRefine.Evaluation;
using DefectRefine.Imaging;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Synthetic;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class RefinementExperimentTests
{
    [Fact]
    public void A_small_experiment_refines_the_masks_towards_the_truth_and_writes_its_results()
    {
        var images = SyntheticDefects.Create(10, 64, 64, seed: 9)
            .Select((i, n) => new EvaluationImage($"s{n}", i.Pixels, i.Mask!)).ToList();
        var options = new EvaluationOptions
        {
            Learner = Learner.Paper,
            Model = new PatchModelConfig { Width = 8, EmbeddingSize = 16 },
            Sessions = 2,
            QueriesPerSession = 10,
            Refine = RefinementGranularity.CentrePixel,
            InitialSteps = 20,
            SessionSteps = 10,
            BatchSize = 64,
            PoolSize = 300,
            CentresPerTestImage = 32,
        };

        var result = RefinementExperiment.Run(images[..8], images[8..], options);

        Assert.Equal([10, 20], result.Sessions.Select(s => s.AnsweredQueries));
        Assert.True(result.Sessions[^1].PixelsChanged > 0);
        // A noiseless expert's centre-pixel answers set each changed pixel to its true value, so the training masks can
        // only get closer to the truth. (Whole-patch answers need not: a patch across a boundary paints both sides.)
        Assert.True(result.Final.Truth.MasksPixelF1 > result.Initial.Truth.MasksPixelF1,
            $"training masks F1 {result.Initial.Truth.MasksPixelF1} → {result.Final.Truth.MasksPixelF1}");
        Assert.Equal(1.0, result.Ceiling.Truth.MasksPixelF1);
        Assert.Equal(40, result.Final.TrainingSteps);
        // The label references are measured on the experiment's own images and initial labels.
        Assert.Equal(LabelReferences.Measure(images[..8], images[8..], options.Init, options.Seed), result.References);
        Assert.Equal(result.Initial.Truth.MasksPixelF1, result.References.Labels.PixelF1);

        var folder = Directory.CreateTempSubdirectory("dr-eval-").FullName;
        try
        {
            ExperimentReport.Write(result, folder, new Dictionary<string, string> { ["command"] = "test" });
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
            var session = json.RootElement.GetProperty("sessions")[1];
            Assert.True(session.GetProperty("paper").TryGetProperty("f1", out _));
            Assert.True(session.GetProperty("truth").TryGetProperty("pixel_iou", out _));
            Assert.Equal(20, session.GetProperty("answered_queries").GetInt32());
            Assert.True(json.RootElement.GetProperty("floor").TryGetProperty("truth", out _));
            var report = File.ReadAllText(Path.Combine(folder, "report.md"));
            Assert.Contains("| ceiling |", report, StringComparison.Ordinal);
            Assert.Equal(result.References.GrabCut.PixelF1, json.RootElement.GetProperty("references").GetProperty("grab_cut").GetProperty("pixel_f1").GetDouble());
            Assert.Contains($"| reference: GrabCut in the labels (no expert) | {result.References.GrabCut.PixelF1:F3} |", report, StringComparison.Ordinal);
            Assert.Contains($"| reference: initial labels (as they are) | {result.References.Labels.PixelF1:F3} |", report, StringComparison.Ordinal);
            Assert.Contains($"| refined masks, session 2 | {result.Final.Truth.MasksPixelF1:F3} |", report, StringComparison.Ordinal);

            // The plot and one overlay per kept sample (4 most-changed training masks, the first test maps), linked from the report.
            Assert.Equal((ExperimentPlots.Width, ExperimentPlots.Height), ImageHeader.TryReadSize(File.ReadAllBytes(Path.Combine(folder, ExperimentReport.F1Plot))));
            Assert.Equal(4 + 2, result.Samples.Count);
            Assert.Equal(["initial labels", "refined"], result.Samples[0].Masks.Select(m => m.Label));
            Assert.Equal(["floor model", "after session 2", "ceiling model"], result.Samples[^1].Masks.Select(m => m.Label));
            foreach (var sample in result.Samples)
            {
                var overlay = Path.Combine(folder, ExperimentReport.OverlayFolder, sample.Name + ".png");
                Assert.Equal(((sample.Masks.Count + 1) * 64) + (sample.Masks.Count * 4), ImageHeader.TryReadSize(File.ReadAllBytes(overlay))!.Value.Width);
                Assert.Contains($"({ExperimentReport.OverlayFolder}/{sample.Name}.png)", report, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
