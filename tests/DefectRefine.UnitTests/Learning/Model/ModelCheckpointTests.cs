using System.IO.Compression;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Synthetic;
using DefectRefine.Learning.Training;

namespace DefectRefine.UnitTests.Learning.Model;

public sealed class ModelCheckpointTests
{
    [Fact]
    public void A_trained_model_saved_and_loaded_gives_identical_outputs_and_keeps_its_version_config_and_metrics()
    {
        var config = new PatchModelConfig { Width = 8, EmbeddingSize = 8 };
        var images = SyntheticDefects.Create(4, 64, 64, seed: 2);
        var pixels = images.ToDictionary(i => i.Id, i => i.Pixels);
        using var model = PatchModel.Create(config, seed: 9);
        // A few steps move the batch-norm running statistics away from their defaults, so the round trip must carry them.
        var metrics = PatchTrainer.Train(model, new PatchSampler(images, []), pixels, new TrainingOptions { BatchSize = 32, MaxSteps = 3 });
        var pool = new PatchSampler(images, []).SamplePool(50, new Random(1)).Select(c => c.Centre).ToList();
        var before = model.Predict(pool, pixels);

        using var stream = new MemoryStream();
        ModelCheckpoint.Save(model, new CheckpointInfo("m-0002", "m-0001", config, metrics, DateTimeOffset.UnixEpoch), stream);
        stream.Position = 0;
        var (loaded, info) = ModelCheckpoint.Load(stream);
        using var _ = loaded;

        var after = loaded.Predict(pool, pixels);
        Assert.Equal(before.DefectProbability, after.DefectProbability);
        Assert.Equal(before.Embeddings, after.Embeddings);
        Assert.Equal(model.DefectLogitOffset, loaded.DefectLogitOffset);
        Assert.NotEqual(0, loaded.DefectLogitOffset);
        Assert.Equal("m-0002", loaded.Version);
        Assert.Equal("m-0001", loaded.ParentVersion);
        Assert.Equal("m-0002", model.Version);
        Assert.Equal(config, info.Config);
        Assert.Equal(metrics, info.Metrics);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused_clearly()
    {
        var notZip = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(new MemoryStream([1, 2, 3])));
        Assert.Contains("not a zip", notZip.Message, StringComparison.Ordinal);

        using var empty = new MemoryStream();
        using (new ZipArchive(empty, ZipArchiveMode.Create, leaveOpen: true))
        {
        }
        empty.Position = 0;
        var noInfo = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(empty));
        Assert.Contains("checkpoint.json", noInfo.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_under_a_config_that_is_not_the_models_is_refused()
    {
        using var model = PatchModel.Create(new PatchModelConfig { Width = 8 });
        var wrong = new CheckpointInfo("m-1", null, new PatchModelConfig { Width = 16 }, null, DateTimeOffset.UnixEpoch);
        Assert.Throws<ArgumentException>(() => ModelCheckpoint.Save(model, wrong, new MemoryStream()));
    }
}
