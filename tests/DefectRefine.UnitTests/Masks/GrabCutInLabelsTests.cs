using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

public sealed class GrabCutInLabelsTests
{
    private const int Size = 96;

    [Fact]
    public void In_a_loose_box_grabcut_finds_the_bright_disc_much_better_than_the_box()
    {
        var (image, truth) = Disc(Size, Size, centreX: 40, centreY: 50, radius: 12);
        var box = new BinaryMask(Size, Size);
        box.Fill(new PixelBox(20, 30, 42, 40));

        var outcome = GrabCutInLabels.Segment(image, box);

        var boxF1 = F1(box, truth);
        var grabCutF1 = F1(outcome.Mask, truth);
        Assert.True(grabCutF1 > boxF1 + 0.3 && grabCutF1 > 0.85, $"box F1 {boxF1:F3}, GrabCut F1 {grabCutF1:F3}");
        Assert.Equal((1, 0), (outcome.Boxes, outcome.KeptBoxes));
        Assert.False(outcome.KeptInitial);
    }

    [Fact]
    public void Empty_labels_give_an_empty_mask()
    {
        var (image, _) = Disc(Size, Size, 40, 50, 12);

        var outcome = GrabCutInLabels.Segment(image, new BinaryMask(Size, Size));

        Assert.Equal(0, outcome.Mask.CountDefects());
        Assert.Equal((0, 0), (outcome.Boxes, outcome.KeptBoxes));
    }

    [Fact]
    public void A_box_over_the_whole_image_leaves_no_background_to_model_and_keeps_the_labels()
    {
        var (image, _) = Disc(Size, Size, 40, 50, 12);
        var everything = new BinaryMask(Size, Size);
        everything.Fill(new PixelBox(0, 0, Size, Size));

        var outcome = GrabCutInLabels.Segment(image, everything);

        Assert.Equal(everything, outcome.Mask);
        Assert.True(outcome.KeptInitial);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    public void Tiny_images_keep_their_labels(int width, int height)
    {
        var image = new GrayscaleImage(width, height, new byte[width * height]);
        var labels = new BinaryMask(width, height);
        labels.Set(0, true);

        var outcome = GrabCutInLabels.Segment(image, labels);

        Assert.Equal(labels, outcome.Mask);
        Assert.True(outcome.KeptInitial);
    }

    [Fact]
    public void A_box_where_grabcut_finds_nothing_keeps_its_labels_and_the_others_are_cut()
    {
        // The right box lies on plain background of the same grey as the rest: GrabCut has no reason to call it defect.
        var (image, truth) = Disc(Size, Size, 30, 50, 12);
        var labels = new BinaryMask(Size, Size);
        labels.Fill(new PixelBox(10, 30, 42, 40));
        labels.Fill(new PixelBox(75, 10, 8, 8));

        var outcome = GrabCutInLabels.Segment(image, labels);

        Assert.Equal((2, 1), (outcome.Boxes, outcome.KeptBoxes));
        for (var y = 10; y < 18; y++)
            for (var x = 75; x < 83; x++)
                Assert.True(outcome.Mask[x, y]);
        Assert.True(F1(outcome.Mask, truth) > F1(labels, truth));
    }

    [Fact]
    public void The_same_image_and_labels_give_the_same_mask()
    {
        var random = new Random(4);
        var pixels = new byte[Size * Size];
        random.NextBytes(pixels);
        var image = new GrayscaleImage(Size, Size, pixels);
        var labels = new BinaryMask(Size, Size);
        labels.Fill(new PixelBox(10, 10, 40, 30));
        labels.Fill(new PixelBox(60, 50, 20, 30));

        var first = GrabCutInLabels.Segment(image, labels);
        var second = GrabCutInLabels.Segment(image, labels);

        Assert.Equal(first.Mask, second.Mask);
    }

    [Fact]
    public void Labels_of_another_size_are_refused()
    {
        var (image, _) = Disc(Size, Size, 40, 50, 12);

        Assert.Throws<ArgumentException>(() => GrabCutInLabels.Segment(image, new BinaryMask(Size, Size + 1)));
    }

    /// <summary>A bright noisy disc on a darker noisy background, and its true mask.</summary>
    internal static (GrayscaleImage Image, BinaryMask Truth) Disc(int width, int height, int centreX, int centreY, int radius, int seed = 1)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height];
        var truth = new BinaryMask(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var inside = ((x - centreX) * (x - centreX)) + ((y - centreY) * (y - centreY)) <= radius * radius;
                truth[x, y] = inside;
                pixels[(y * width) + x] = (byte)((inside ? 200 : 70) + random.Next(-15, 16));
            }
        return (new GrayscaleImage(width, height, pixels), truth);
    }

    private static double F1(BinaryMask predicted, BinaryMask truth)
    {
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.PixelCount; i++)
        {
            if (predicted.Get(i) && truth.Get(i))
                tp++;
            else if (predicted.Get(i))
                fp++;
            else if (truth.Get(i))
                fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }
}
