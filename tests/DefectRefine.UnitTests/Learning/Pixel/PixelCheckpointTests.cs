using System.IO.Compression;
using DefectRefine.Imaging;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Pixel;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Learning.Pixel;

public sealed class PixelCheckpointTests
{
    private static readonly PixelNetConfig Small = new() { Width = 8, EmbeddingSize = 6 };

    private static StandardisedImage Image(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[64 * 48];
        random.NextBytes(pixels);
        for (var y = 10; y < 30; y++)
            for (var x = 20; x < 40; x++)
                pixels[(y * 64) + x] = (byte)Math.Min(255, pixels[(y * 64) + x] + 120);
        return new StandardisedImage(new GrayscaleImage(64, 48, pixels));
    }

    private static PixelModel Trained()
    {
        var model = PixelModel.Create(Small, seed: 3);
        var initial = new BinaryMask(64, 48);
        for (var y = 8; y < 32; y++)
            for (var x = 18; x < 42; x++)
                initial[x, y] = true;
        // A few steps move the batch-norm running statistics away from their defaults, so the round trip must carry them.
        PixelTrainer.Train(model, [PixelTargets.Build(Image(1), initial, LabelPrior.Boxes)], new PixelTrainingOptions { Steps = 3, BatchSize = 2, CropSize = 32 });
        return model;
    }

    [Fact]
    public void A_trained_model_saved_and_loaded_maps_identically_and_keeps_its_version_config_and_training()
    {
        using var model = Trained();
        var image = Image(2);
        var before = model.Map(image);
        var info = new PixelCheckpointInfo("m-0002", "m-0001", Small, 3, 0.42, 1, DateTimeOffset.UnixEpoch);

        using var stream = new MemoryStream();
        PixelCheckpoint.Save(model, info, stream);
        stream.Position = 0;
        var (loaded, read) = PixelCheckpoint.Load(stream);
        using var _ = loaded;

        var after = loaded.Map(image);
        Assert.Equal(before.Probability, after.Probability);
        Assert.Equal(before.Embedding, after.Embedding);
        Assert.Equal(info, read);
        using var fresh = PixelModel.Create(Small, seed: 3);
        Assert.NotEqual(before.Probability, fresh.Map(image).Probability);
    }

    [Fact]
    public void Fold_models_saved_together_load_in_fold_order_and_a_single_model_reader_refuses_them()
    {
        using var first = Trained();
        using var second = PixelModel.Create(Small, seed: 9);
        var image = Image(2);
        var info = new PixelCheckpointInfo("m-0003", null, Small, 3, 0.4, 2, DateTimeOffset.UnixEpoch) { Folds = 2 };

        var bytes = PixelCheckpoint.ToBytes([first, second], info);
        var (folds, read) = PixelCheckpoint.LoadFolds(bytes);
        try
        {
            Assert.Equal(2, read.Folds);
            Assert.Equal(first.Map(image).Probability, folds[0].Map(image).Probability);
            Assert.Equal(second.Map(image).Probability, folds[1].Map(image).Probability);
        }
        finally
        {
            foreach (var m in folds)
                m.Dispose();
        }
        Assert.Contains("2 fold models", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(bytes)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PixelCheckpoint.ToBytes([first], info));

        // A checkpoint that names more fold models than it holds is refused by the missing entry's name.
        using var zip = new MemoryStream();
        zip.Write(bytes);
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
            archive.GetEntry("weights.2.bin")!.Delete();
        Assert.Contains("no weights.2.bin", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.LoadFolds(zip.ToArray())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saved_to_a_path_it_loads_from_the_path_and_leaves_no_partial_file()
    {
        using var model = Trained();
        var folder = Directory.CreateTempSubdirectory("dr-pixel-checkpoint-").FullName;
        try
        {
            var path = Path.Combine(folder, "m-0001.pixel.zip");
            PixelCheckpoint.Save(model, new PixelCheckpointInfo("m-0001", null, Small, 3, 0.5, 1, DateTimeOffset.UnixEpoch), path);
            var (loaded, info) = PixelCheckpoint.Load(path);
            using var _ = loaded;
            Assert.Equal("m-0001", info.Version);
            Assert.Equal(model.Map(Image(4)).Probability, loaded.Map(Image(4)).Probability);
            Assert.Equal(["m-0001.pixel.zip"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_pixel_checkpoint_is_refused_clearly()
    {
        var notZip = Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(new MemoryStream([1, 2, 3])));
        Assert.Contains("not a zip", notZip.Message, StringComparison.Ordinal);

        using var empty = new MemoryStream();
        using (new ZipArchive(empty, ZipArchiveMode.Create, leaveOpen: true))
        {
        }
        empty.Position = 0;
        Assert.Contains("no pixel-checkpoint.json", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(empty)).Message, StringComparison.Ordinal);

        // The paper model's checkpoint is a different model: named, not half-loaded.
        using var patch = PatchModel.Create(new PatchModelConfig { Width = 8, EmbeddingSize = 8 });
        using var patchFile = new MemoryStream();
        ModelCheckpoint.Save(patch, new CheckpointInfo("m-1", null, patch.Config, null, DateTimeOffset.UnixEpoch), patchFile);
        patchFile.Position = 0;
        Assert.Contains("patch-model checkpoint", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(patchFile)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_or_mismatched_checkpoint_is_refused()
    {
        using var model = Trained();
        var bytes = PixelCheckpoint.ToBytes(model, new PixelCheckpointInfo("m-1", null, Small, 3, 0.5, 1, DateTimeOffset.UnixEpoch));

        // Truncated: the zip's directory is at its end.
        Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(bytes[..(bytes.Length / 2)]));

        // Weights that do not fit the stored config.
        var mismatched = Rewrite(bytes, info => info.Replace("\"width\": 8", "\"width\": 16", StringComparison.Ordinal));
        Assert.Contains("do not fit", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(mismatched)).Message, StringComparison.Ordinal);

        // Another format version, and a header that is not JSON.
        var future = Rewrite(bytes, info => info.Replace("defectrefine-pixelnet/1", "defectrefine-pixelnet/9", StringComparison.Ordinal));
        Assert.Contains("format 'defectrefine-pixelnet/9'", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(future)).Message, StringComparison.Ordinal);
        var garbled = Rewrite(bytes, _ => "{ not json");
        Assert.Contains("not valid", Assert.Throws<InvalidDataException>(() => PixelCheckpoint.Load(garbled)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_under_a_config_that_is_not_the_models_is_refused()
    {
        using var model = PixelModel.Create(Small);
        Assert.Throws<ArgumentException>(() => PixelCheckpoint.ToBytes(model, new PixelCheckpointInfo("m-1", null, Small with { Width = 16 }, 0, 0, 0, DateTimeOffset.UnixEpoch)));
        Assert.Throws<ArgumentException>(() => PixelCheckpoint.ToBytes(model, new PixelCheckpointInfo(" ", null, Small, 0, 0, 0, DateTimeOffset.UnixEpoch)));
    }

    private static byte[] Rewrite(byte[] checkpoint, Func<string, string> change)
    {
        using var source = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var reader = new StreamReader(from);
                    using var writer = new StreamWriter(to);
                    writer.Write(change(reader.ReadToEnd()));
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }
        return output.ToArray();
    }
}
