using DefectRefine.Imaging;
using DefectRefine.Learning.Pixel;

namespace DefectRefine.UnitTests.Learning.Pixel;

public sealed class CrossFittingTests
{
    private static PixelTrainingImage Image(int id, params int[] expert)
    {
        var target = new float[16];
        var weight = new float[16];
        Array.Fill(weight, 1f);
        Array.Fill(target, id % 2);
        foreach (var i in expert)
            weight[i] = 10f;
        return new PixelTrainingImage(new StandardisedImage(new GrayscaleImage(4, 4, new byte[16])), target, weight) { Focus = expert };
    }

    [Fact]
    public void A_fold_learns_the_other_folds_whole_and_only_the_expert_labels_of_its_own()
    {
        var images = new[] { Image(0, 3), Image(1), Image(2), Image(3, 5, 6) };

        var fold0 = CrossFitting.TrainingSetOf(images, fold: 0, folds: 2);
        var fold1 = CrossFitting.TrainingSetOf(images, fold: 1, folds: 2);

        // Fold 0 holds images 0 and 2: image 2 has no expert label and is left out, image 0 keeps only its answer.
        Assert.Equal(3, fold0.Count);
        Assert.Same(images[1], fold0[1]);
        Assert.Same(images[3], fold0[2]);
        Assert.Equal(10f, fold0[0].Weight[3]);
        Assert.Equal(10f, fold0[0].Weight.Sum());
        Assert.Same(images[0].Target, fold0[0].Target);

        Assert.Equal([images[0], images[2]], fold1.Take(2));
        Assert.Equal(20f, fold1[2].Weight.Sum());
        Assert.Equal(1f, images[3].Weight[0]); // the project's own targets are not changed
    }

    [Fact]
    public void One_fold_is_one_model_for_all()
    {
        var images = new[] { Image(0), Image(1) };
        Assert.Same(images, CrossFitting.TrainingSetOf(images, 0, 1));
        Assert.Equal(0, CrossFitting.FoldOf(5, 1));
        Assert.Equal([0, 1, 2, 0], Enumerable.Range(0, 4).Select(i => CrossFitting.FoldOf(i, 3)));
    }

    [Fact]
    public void An_image_keeps_its_fold_by_id_and_ids_spread_over_every_fold()
    {
        var id = Guid.Parse("0190f1c2-7a8b-7c3d-9e4f-a1b2c3d4e5f6");
        Assert.Equal(CrossFitting.FoldOf(id, 3), CrossFitting.FoldOf(Guid.Parse(id.ToString()), 3));
        var counts = new int[3];
        var random = new Random(4);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            counts[CrossFitting.FoldOf(new Guid(bytes), 3)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 900, 1100));
        Assert.Equal(0, CrossFitting.FoldOf(id, 1));
    }

    [Fact]
    public void Images_no_fold_trained_on_get_the_mean_of_the_folds()
    {
        Assert.Equal([0.5f, 0.25f], CrossFitting.Mean([[1f, 0f], [0f, 0.5f]]));
        Assert.Throws<ArgumentException>(() => CrossFitting.Mean([]));
        Assert.Throws<ArgumentException>(() => CrossFitting.Mean([[1f], [1f, 2f]]));
    }
}
