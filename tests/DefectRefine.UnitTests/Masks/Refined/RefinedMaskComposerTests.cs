using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Masks.Refined;

public sealed class RefinedMaskComposerTests
{
    // A 20x12 image with one box at (4..11, 3..8).
    private static BinaryMask Box()
    {
        var mask = new BinaryMask(20, 12);
        mask.Fill(new PixelBox(4, 3, 8, 6));
        return mask;
    }

    private static float[] Probability(int width, int height, Func<int, int, float> at)
    {
        var p = new float[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                p[(y * width) + x] = at(x, y);
        return p;
    }

    [Fact]
    public void Inside_a_box_the_model_decides()
    {
        var p = Probability(20, 12, (x, y) => x is >= 6 and <= 8 && y is >= 4 and <= 6 ? 0.9f : 0.1f);

        var refined = RefinedMaskComposer.Compose(p, Box(), LabelPrior.Boxes);

        Assert.Equal(9, refined.CountDefects());
        Assert.True(refined[7, 5]);
        Assert.False(refined[4, 3]);
    }

    [Fact]
    public void Far_outside_every_box_is_background_whatever_the_model_says()
    {
        var p = Probability(20, 12, (x, _) => x >= 18 ? 0.99f : (x == 7 ? 0.9f : 0.1f));

        var refined = RefinedMaskComposer.Compose(p, Box(), LabelPrior.Boxes);

        Assert.False(refined[19, 5]);
        Assert.True(refined[7, 5]);
    }

    [Fact]
    public void Without_a_prior_the_model_decides_everywhere()
    {
        var p = Probability(20, 12, (x, _) => x >= 18 ? 0.99f : 0.1f);

        var refined = RefinedMaskComposer.Compose(p, Box(), LabelPrior.None);

        Assert.True(refined[19, 5]);
        Assert.Equal(2 * 12, refined.CountDefects());
    }

    [Fact]
    public void A_box_the_model_finds_empty_still_holds_the_region_around_its_most_likely_pixel()
    {
        // Peak 0.4 at (9, 5), falling off; nothing above 0.5 anywhere.
        var p = Probability(20, 12, (x, y) => 0.4f - (0.06f * (Math.Abs(x - 9) + Math.Abs(y - 5))));

        var refined = RefinedMaskComposer.Compose(p, Box(), LabelPrior.Boxes);

        Assert.True(refined[9, 5]);
        Assert.True(refined.CountDefects() > 1);
        // Down to half the peak (0.2): at most 3 steps away.
        Assert.False(refined[9 - 4, 5]);
        foreach (var i in Enumerable.Range(0, refined.PixelCount).Where(refined.Get))
            Assert.True(Box().Get(i));
    }

    [Fact]
    public void Expert_labels_win_inside_and_outside_the_boxes()
    {
        var p = Probability(20, 12, (x, y) => x is >= 6 and <= 8 ? 0.9f : 0.1f);
        var expert = new ExpertLayer(20, 12);
        expert.Set(7, 5, defect: false);
        expert.Set(18, 10, defect: true);

        var refined = RefinedMaskComposer.Compose(p, Box(), LabelPrior.Boxes, expert);

        Assert.False(refined[7, 5]);
        Assert.True(refined[18, 10]);
        Assert.True(refined[6, 5]);
    }

    [Fact]
    public void A_box_the_expert_cleared_holds_no_defect()
    {
        var p = Probability(20, 12, (_, _) => 0.1f);
        var expert = new ExpertLayer(20, 12);
        expert.Set(new PixelBox(4, 3, 8, 6), defect: false);

        var refined = RefinedMaskComposer.Compose(p, Box(), LabelPrior.Boxes, expert);

        Assert.Equal(0, refined.CountDefects());
    }

    [Fact]
    public void A_map_of_the_wrong_size_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RefinedMaskComposer.Compose(new float[10], Box(), LabelPrior.Boxes));
        Assert.Contains("240 probabilities", error.Message);
    }
}
