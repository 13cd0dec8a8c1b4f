using DefectRefine.Imaging;
using DefectRefine.Learning.Dense;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Synthetic;
using DefectRefine.Learning.Training;

namespace DefectRefine.UnitTests.Learning.Dense;

/// <summary>
/// The dense map must be what classifying the patch centred at each pixel gives: exactly on the stride-4 grid (the
/// fully convolutional pass computes those patches), and the same decision almost everywhere between grid points.
/// </summary>
public sealed class DenseSegmenterTests
{
    private static readonly Lazy<(PatchModel Model, IReadOnlyList<LearningImage> Images)> Trained = new(() =>
    {
        var images = SyntheticDefects.Create(8, 96, 80, seed: 3);
        var model = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 16 }, seed: 2);
        PatchTrainer.Train(model, new PatchSampler(images, []), images.ToDictionary(i => i.Id, i => i.Pixels), new TrainingOptions { BatchSize = 128, MaxSteps = 150 });
        return (model, images);
    });

    [Fact]
    public void On_the_stride_4_grid_the_dense_map_equals_patch_by_patch_classification()
    {
        var (model, images) = Trained.Value;
        var image = images[0];
        var dense = DenseSegmenter.Segment(model, image.Pixels);
        var grid = new List<PatchCentre>();
        for (var y = 0; y < image.Height; y += 4)
        {
            for (var x = 0; x < image.Width; x += 4)
                grid.Add(new PatchCentre(image.Id, x, y));
        }

        var patches = model.Predict(grid, new Dictionary<Guid, GrayscaleImage> { [image.Id] = image.Pixels });

        Assert.Equal(image.Width * image.Height, dense.Probability.Length);
        for (var i = 0; i < grid.Count; i++)
            Assert.Equal(patches.DefectProbability[i], dense.ProbabilityAt(grid[i].X, grid[i].Y), 1e-4f);
    }

    [Fact]
    public void Between_grid_points_the_dense_decision_agrees_with_patch_classification_at_sampled_pixels()
    {
        var (model, images) = Trained.Value;
        var random = new Random(4);
        var agree = 0;
        var total = 0;
        foreach (var image in images.Take(4))
        {
            var dense = DenseSegmenter.Segment(model, image.Pixels);
            var centres = Enumerable.Range(0, 100).Select(_ => new PatchCentre(image.Id, random.Next(image.Width), random.Next(image.Height))).ToList();
            var patches = model.Predict(centres, new Dictionary<Guid, GrayscaleImage> { [image.Id] = image.Pixels });
            for (var i = 0; i < centres.Count; i++, total++)
            {
                if (patches.DefectProbability[i] > 0.5f == dense.ProbabilityAt(centres[i].X, centres[i].Y) > 0.5f)
                    agree++;
            }
        }
        Assert.True(agree >= 0.95 * total, $"dense and patch decisions agree at {agree} of {total} sampled pixels");
    }

    [Fact]
    public void Cutting_a_large_image_into_bands_changes_nothing()
    {
        var (model, _) = Trained.Value;
        var tall = SyntheticDefects.Create(1, 70, 150, seed: 5)[0];
        var whole = DenseSegmenter.Segment(model, tall.Pixels);
        var banded = DenseSegmenter.Segment(model, tall.Pixels, maxPixelsPerPass: 70 * 50);
        Assert.Equal(whole.Probability, banded.Probability, new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Entropy_is_highest_where_the_model_is_least_sure()
    {
        var (model, images) = Trained.Value;
        var dense = DenseSegmenter.Segment(model, images[1].Pixels);
        for (var i = 0; i < dense.Probability.Length; i += 97)
        {
            var p = dense.Probability[i];
            Assert.InRange(dense.Entropy[i], 0f, 1f);
            Assert.Equal(PatchPredictions.Entropy(p), dense.Entropy[i], 1e-6f);
        }
        Assert.Equal(1f, PatchPredictions.Entropy(0.5f), 1e-6f);
        Assert.True(PatchPredictions.Entropy(0.99f) < 0.1f);
    }
}
