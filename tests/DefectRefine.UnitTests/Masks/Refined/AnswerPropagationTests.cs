using DefectRefine.Imaging;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Masks.Refined;

public sealed class AnswerPropagationTests
{
    private const int Side = DiscImage.Side;

    private static (GrayscaleImage Image, BinaryMask Truth) Disc() => DiscImage.Create();

    private static float[] Flat(float value) => Enumerable.Repeat(value, Side * Side).ToArray();

    [Fact]
    public void A_defect_answer_reaches_into_the_defect_it_names_and_not_across_its_edge()
    {
        var (image, truth) = Disc();
        var cells = Superpixels.Slic(image, 16);
        var region = AnswerPropagation.Region(cells, Flat(0.5f), PixelBox.Patch(30, 32, 32), 30, 32, defect: true);

        var inside = 0;
        for (var i = 0; i < region.PixelCount; i++)
        {
            if (!region.Get(i))
                continue;
            // Superpixel edges follow the grey levels to within a pixel: nothing beyond the disc's rim.
            var (x, y) = (i % Side, i / Side);
            Assert.True(((x - 30) * (x - 30)) + ((y - 32) * (y - 32)) <= 100, $"pixel {x},{y} lies outside the disc");
            inside += truth.Get(i) ? 1 : 0;
        }
        Assert.True(inside >= 40, $"the answer reached only {inside} pixels of the disc");
        // Cut for this answer alone (a window of three patches around it), the region is about the same.
        var windowed = AnswerPropagation.Region(image, 16, Flat(0.5f), PixelBox.Patch(30, 32, 32), 30, 32, defect: true);
        Assert.InRange(windowed.CountDefects(), 40, 400);
    }

    [Fact]
    public void The_region_stops_where_the_model_rates_pixels_less_likely_than_the_answered_one_and_at_the_seen_patch()
    {
        var (image, _) = Disc();
        var cells = Superpixels.Slic(image, 16);
        // The model thinks the left half of the disc is background, the right half defect.
        var probability = new float[Side * Side];
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                probability[(y * Side) + x] = x >= 30 ? 0.9f : 0.1f;

        var region = AnswerPropagation.Region(cells, probability, PixelBox.Patch(32, 32, 32), 32, 32, defect: true);
        Assert.True(region[32, 32]);
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < 30; x++)
                Assert.False(region[x, y]);

        var tight = AnswerPropagation.Region(cells, Flat(0.5f), PixelBox.Patch(30, 32, 3), 30, 32, defect: true);
        Assert.Equal(9, tight.CountDefects());
    }

    [Fact]
    public void Where_the_model_disagrees_with_the_answer_the_answer_still_reaches_pixels_at_least_as_likely_as_its_own()
    {
        var (image, _) = Disc();
        var cells = Superpixels.Slic(image, 16);
        var region = AnswerPropagation.Region(cells, Flat(0.1f), PixelBox.Patch(30, 32, 32), 30, 32, defect: true);
        Assert.True(region.CountDefects() > 1);
    }

    [Fact]
    public void A_person_s_answer_beats_propagation_whichever_came_first()
    {
        var layer = new ExpertLayer(4, 4);
        layer.Set(1, 1, defect: false);
        var all = new BinaryMask(4, 4);
        all.Fill(new PixelBox(0, 0, 4, 4));

        Assert.Equal(15, layer.Propagate(all, defect: true));
        Assert.False(layer.Defect[1, 1]);
        Assert.True(layer.Defect[2, 2] && layer.Known[2, 2] && !layer.Direct[2, 2]);

        layer.Set(2, 2, defect: false);
        Assert.False(layer.Defect[2, 2]);
        Assert.True(layer.Direct[2, 2]);
    }

    [Fact]
    public void A_map_or_pixel_that_does_not_fit_the_image_is_refused()
    {
        var (image, _) = Disc();
        var cells = Superpixels.Slic(image, 16);
        Assert.Throws<ArgumentException>(() => AnswerPropagation.Region(cells, new float[10], PixelBox.Patch(1, 1, 3), 1, 1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnswerPropagation.Region(cells, Flat(0.5f), PixelBox.Patch(1, 1, 3), Side, 1, true));
    }
}
