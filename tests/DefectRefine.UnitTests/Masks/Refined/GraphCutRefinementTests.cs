using DefectRefine.Imaging;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Masks.Refined;

public sealed class GraphCutRefinementTests
{
    private const int Side = DiscImage.Side;

    // The disc and a loose box around it.
    private static (GrayscaleImage Image, BinaryMask Truth, BinaryMask Box) Disc()
    {
        var (image, truth) = DiscImage.Create();
        var box = new BinaryMask(Side, Side);
        box.Fill(new PixelBox(14, 16, 33, 33));
        return (image, truth, box);
    }

    private static float[] Of(BinaryMask mask, float inside, float outside)
    {
        var p = new float[mask.PixelCount];
        for (var i = 0; i < p.Length; i++)
            p[i] = mask.Get(i) ? inside : outside;
        return p;
    }

    private static double F1(BinaryMask predicted, BinaryMask truth)
    {
        double tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.PixelCount; i++)
        {
            if (predicted.Get(i) && truth.Get(i)) tp++;
            else if (predicted.Get(i)) fp++;
            else if (truth.Get(i)) fn++;
        }
        return 2 * tp / ((2 * tp) + fp + fn);
    }

    [Fact]
    public void A_map_as_loose_as_the_box_snaps_to_the_defect_the_image_shows()
    {
        var (image, truth, box) = Disc();

        var refined = GraphCutRefinement.Compose(image, Of(box, 0.9f, 0.1f), box, LabelPrior.Boxes);

        Assert.True(F1(box, truth) < 0.6, $"the box alone scores {F1(box, truth):F3}");
        Assert.True(F1(refined, truth) > 0.9, $"the cut scores {F1(refined, truth):F3}");
    }

    [Fact]
    public void Expert_labels_win_over_the_cut()
    {
        var (image, _, box) = Disc();
        var expert = new ExpertLayer(Side, Side);
        expert.Set(30, 32, false);
        expert.Set(16, 18, true);

        var refined = GraphCutRefinement.Compose(image, Of(box, 0.9f, 0.1f), box, LabelPrior.Boxes, expert);

        Assert.False(refined[30, 32]);
        Assert.True(refined[16, 18]);
    }

    [Fact]
    public void Far_outside_the_box_stays_background_even_where_it_looks_like_the_defect()
    {
        var (image, _, box) = Disc();
        // A second dark disc with no box and a model that calls it a defect.
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                if (((x - 58) * (x - 58)) + ((y - 6) * (y - 6)) <= 16)
                    image.Pixels[(y * Side) + x] = 60;
        var p = Of(box, 0.9f, 0.1f);
        p[(6 * Side) + 58] = 0.95f;

        var refined = GraphCutRefinement.Compose(image, p, box, LabelPrior.Boxes);

        Assert.False(refined[58, 6]);
    }

    [Fact]
    public void With_one_class_only_it_is_the_composer_alone()
    {
        var (image, _, _) = Disc();
        var everything = new BinaryMask(Side, Side);
        everything.Fill(new PixelBox(0, 0, Side, Side));
        var p = Of(everything, 0.8f, 0.8f);

        var refined = GraphCutRefinement.Compose(image, p, everything, LabelPrior.Boxes);

        Assert.Equal(RefinedMaskComposer.Compose(p, everything, LabelPrior.Boxes), refined);
    }

    [Fact]
    public void The_same_input_gives_the_same_mask()
    {
        var (image, _, box) = Disc();
        var p = Of(box, 0.7f, 0.2f);

        Assert.Equal(GraphCutRefinement.Compose(image, p, box, LabelPrior.Boxes), GraphCutRefinement.Compose(image, p, box, LabelPrior.Boxes));
    }

    [Fact]
    public void Mismatched_sizes_are_refused()
    {
        var (image, _, box) = Disc();

        Assert.Throws<ArgumentException>(() => GraphCutRefinement.Compose(image, new float[10], box, LabelPrior.Boxes));
        Assert.Throws<ArgumentException>(() => GraphCutRefinement.Compose(image, new float[4], new BinaryMask(2, 2), LabelPrior.Boxes));
    }
}
