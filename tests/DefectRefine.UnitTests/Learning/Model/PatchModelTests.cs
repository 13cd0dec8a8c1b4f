using DefectRefine.Imaging;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Synthetic;

namespace DefectRefine.UnitTests.Learning.Model;

public sealed class PatchModelTests
{
    [Fact]
    public void A_patch_gives_a_probability_and_a_unit_length_embedding_of_the_configured_size()
    {
        using var model = PatchModel.Create(new PatchModelConfig { EmbeddingSize = 16, Width = 8 });
        var image = SyntheticDefects.Create(1, 64, 64, seed: 1)[0];
        var centres = new[] { new PatchCentre(image.Id, 0, 0), new PatchCentre(image.Id, 32, 40), new PatchCentre(image.Id, 63, 63) };

        var predictions = model.Predict(centres, new Dictionary<Guid, GrayscaleImage> { [image.Id] = image.Pixels });

        Assert.Equal(3, predictions.Count);
        Assert.Equal(16, predictions.Dimension);
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(predictions.DefectProbability[i], 0f, 1f);
            var norm = MathF.Sqrt(predictions.Embedding(i).ToArray().Sum(v => v * v));
            Assert.Equal(1f, norm, 1e-4f);
        }
    }

    [Theory]
    [InlineData(32, 1)]
    [InlineData(48, 5)]
    [InlineData(64, 9)]
    public void The_neck_covers_the_whole_feature_map_of_a_patch(int patchSize, int featureSide)
    {
        Assert.Equal(featureSide, new PatchModelConfig { PatchSize = patchSize }.FeatureSide);
        using var model = PatchModel.Create(new PatchModelConfig { PatchSize = patchSize, Width = 8 });
        var predictions = model.Predict(new float[2 * patchSize * patchSize], 2);
        Assert.Equal(2, predictions.Count);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(33)]
    [InlineData(512)]
    public void Unsupported_patch_sizes_are_refused_with_the_reason(int patchSize)
    {
        var error = Assert.Throws<ArgumentException>(() => PatchModel.Create(new PatchModelConfig { PatchSize = patchSize }));
        Assert.Contains("Patch size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_pixels_for_the_patch_count_are_refused()
    {
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8 });
        Assert.Throws<ArgumentException>(() => model.Predict(new float[100], 1));
    }

    [Fact]
    public void The_seed_decides_the_initial_weights()
    {
        var patches = new float[32 * 32];
        new Random(2).NextBytes(new byte[1]);
        for (var i = 0; i < patches.Length; i++)
            patches[i] = (i % 17) / 17f;
        using var a = PatchModel.Create(new PatchModelConfig { Width = 8 }, seed: 5);
        using var b = PatchModel.Create(new PatchModelConfig { Width = 8 }, seed: 5);
        using var c = PatchModel.Create(new PatchModelConfig { Width = 8 }, seed: 6);
        Assert.Equal(a.Predict(patches, 1).Embeddings, b.Predict(patches, 1).Embeddings);
        Assert.NotEqual(a.Predict(patches, 1).Embeddings, c.Predict(patches, 1).Embeddings);
    }
}
