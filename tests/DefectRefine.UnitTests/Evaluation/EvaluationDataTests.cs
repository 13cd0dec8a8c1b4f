using DefectRefine.Evaluation;
using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class EvaluationDataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dr-evaldata-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);


    [Fact]
    public void Images_and_masks_sharing_a_folder_pair_by_stem_with_the_pngs_as_masks()
    {
        var neu = Path.Combine(SharedData.NeuSeg, "images", "train");
        foreach (var stem in new[] { "000001", "000002" })
        {
            File.Copy(Path.Combine(neu, stem + ".jpg"), Path.Combine(folder, stem + ".jpg"));
            File.Copy(Path.Combine(SharedData.NeuSeg, "masks", "train", stem + ".png"), Path.Combine(folder, stem + ".png"));
        }

        var images = EvaluationData.Load(folder, folder);

        Assert.Equal(["000001", "000002"], images.Select(i => i.Stem));
        Assert.True(images[0].Truth.CountDefects() > 0);
    }

    [Fact]
    public void An_image_without_a_mask_or_with_a_mask_of_another_size_is_refused_by_name()
    {
        var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
        var masks = Directory.CreateDirectory(Path.Combine(folder, "masks")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.png"), ImageEncoder.EncodePng(new GrayscaleImage(8, 8, new byte[64])));
        File.WriteAllBytes(Path.Combine(images, "b.png"), ImageEncoder.EncodePng(new GrayscaleImage(8, 8, new byte[64])));
        File.WriteAllBytes(Path.Combine(masks, "a.png"), MaskPng.Encode(new BinaryMask(8, 8)));

        var missing = Assert.Throws<InvalidDataException>(() => EvaluationData.Load(images, masks));
        Assert.Contains("b.png", missing.Message, StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(masks, "b.png"), MaskPng.Encode(new BinaryMask(4, 8)));
        var size = Assert.Throws<InvalidDataException>(() => EvaluationData.Load(images, masks));
        Assert.Contains("b.png", size.Message, StringComparison.Ordinal);
        Assert.Contains("4x8", size.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_split_is_seeded_disjoint_and_keeps_at_least_one_image_on_each_side()
    {
        var images = Enumerable.Range(0, 10).Select(i => new EvaluationImage($"i{i}", new GrayscaleImage(2, 2, new byte[4]), new BinaryMask(2, 2))).ToList();
        var (train, test) = EvaluationData.Split(images, 0.2, seed: 4);
        var (again, _) = EvaluationData.Split(images, 0.2, seed: 4);
        Assert.Equal(8, train.Count);
        Assert.Equal(2, test.Count);
        Assert.Empty(train.Select(i => i.Stem).Intersect(test.Select(i => i.Stem)));
        Assert.Equal(train.Select(i => i.Stem), again.Select(i => i.Stem));
        Assert.Single(EvaluationData.Split(images, 0.01, seed: 1).Test);
        Assert.Throws<ArgumentException>(() => EvaluationData.Split(images, 1.5, seed: 1));
    }
}
