using DefectRefine.Evaluation;
using DefectRefine.Learning.Synthetic;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class LearnerStudyTests
{
    [Fact]
    public void Each_setup_is_trained_on_the_truth_and_scored_on_the_test_images_and_more_training_scores_higher()
    {
        var images = SyntheticDefects.Create(12, 64, 64, seed: 4)
            .Select((i, n) => new EvaluationImage($"s{n}", i.Pixels, i.Mask!)).ToList();
        LearnerSetup[] setups = [new(8, 1, 32, 4, 0), new(8, 120, 32, 4, 0)];

        var measured = new List<LearnerStudyRow>();
        var rows = LearnerStudy.Run(images[..9], images[9..], setups, [1], measured.Add);

        Assert.Equal(rows, measured);
        Assert.Equal(setups, rows.Select(r => r.Setup));
        Assert.All(rows, r => Assert.InRange(r.PixelF1, 0, 1));
        Assert.True(rows[1].PixelF1 > rows[0].PixelF1 + 0.1, $"1 step {rows[0].PixelF1}, 120 steps {rows[1].PixelF1}");
        Assert.True(rows[1].MsPerStep > 0);
        var table = LearnerStudy.Table(rows, sessionSteps: 100);
        Assert.Contains("| width 8, 120 steps of 4 × 32 px |", table, StringComparison.Ordinal);
        Assert.Contains($"{rows[1].PixelF1:F3}", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setup_the_model_cannot_take_is_refused_before_any_image_is_read()
    {
        Assert.Throws<ArgumentException>(() => new LearnerSetup(7, 100, 96, 8, 0).Validate());
        Assert.Throws<ArgumentException>(() => new LearnerSetup(16, 100, 90, 8, 0).Validate());
        Assert.Throws<ArgumentException>(() => new LearnerSetup(16, 0, 96, 8, 0).Validate());
        new LearnerSetup(16, 100, 96, 8, 0.5).Validate();
    }
}
