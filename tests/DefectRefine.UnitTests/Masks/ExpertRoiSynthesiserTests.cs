using DefectRefine.Masks;
using DefectRefine.Masks.Simulation;

namespace DefectRefine.UnitTests.Masks;

public sealed class ExpertRoiSynthesiserTests
{
    private static readonly IReadOnlyList<(string Name, BinaryMask Mask)> _truths = NeuMasks.FirstTrain(20);

    [Fact]
    public void Draws_at_most_three_boxes_inside_the_image_that_cover_most_defect_pixels()
    {
        var recalls = new List<double>();
        foreach (var (name, truth) in _truths)
        {
            var roi = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = 11 });

            Assert.InRange(roi.Boxes.Count, truth.CountDefects() > 0 ? 1 : 0, 3);
            Assert.All(roi.Boxes, b => Assert.True(b.IsInside(truth.Width, truth.Height), $"{name}: {b} leaves the image"));
            Assert.Equal(InitialMasks.Roi(truth.Width, truth.Height, roi.Boxes), roi.Mask);
            Assert.NotEqual(truth, roi.Mask);
            recalls.Add(NeuMasks.Recall(truth, roi.Mask));
        }
        Assert.True(recalls.Average() >= 0.8, $"mean recall {recalls.Average():F3}");
    }

    [Fact]
    public void Boxes_are_loose()
    {
        foreach (var (_, truth) in _truths)
        {
            var roi = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = 3 });
            Assert.True(roi.Mask.CountDefects() > truth.CountDefects());
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_boxes_and_other_seeds_usually_differ()
    {
        var differing = 0;
        foreach (var (_, truth) in _truths)
        {
            var first = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = 5 });
            var again = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = 5 });
            var other = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = 6 });
            Assert.Equal(first.Boxes, again.Boxes);
            Assert.Equal(first.Mask, again.Mask);
            if (!first.Boxes.SequenceEqual(other.Boxes))
                differing++;
        }
        Assert.True(differing >= 15, $"only {differing} of 20 differ");
    }

    [Fact]
    public void Records_that_it_is_a_simulation_and_every_parameter()
    {
        var options = new ExpertRoiOptions { Seed = 99, MaxBoxes = 2, MissProbability = 0.25, MinMarginFraction = 0.05 };

        var parameters = ExpertRoiSynthesiser.Synthesise(_truths[0].Mask, options).Parameters;

        Assert.Equal("expert-roi", parameters["simulation"]);
        Assert.Equal("99", parameters["seed"]);
        Assert.Equal("2", parameters["maxBoxes"]);
        Assert.Equal("0.25", parameters["missProbability"]);
        Assert.Equal("0.05", parameters["minMarginFraction"]);
        foreach (var key in new[] { "maxMarginFraction", "minMarginPixels", "maxMarginPixels", "mergeDistance", "missBelowAreaFraction", "algorithmVersion" })
            Assert.True(parameters.ContainsKey(key), key);
    }

    [Fact]
    public void Close_defects_share_a_box_and_far_ones_do_not()
    {
        var truth = new BinaryMask(100, 100);
        truth.Fill(new PixelBox(10, 10, 10, 10));
        truth.Fill(new PixelBox(24, 10, 10, 10));
        truth.Fill(new PixelBox(80, 80, 10, 10));
        var options = new ExpertRoiOptions { Seed = 1, MergeDistance = 5, MinMarginFraction = 0, MaxMarginFraction = 0, MinMarginPixels = 0, MaxMarginPixels = 0, MissProbability = 0 };

        var roi = ExpertRoiSynthesiser.Synthesise(truth, options);

        Assert.Equal([new PixelBox(10, 10, 24, 10), new PixelBox(80, 80, 10, 10)], roi.Boxes);
    }

    [Fact]
    public void Merges_the_closest_boxes_until_at_most_max_boxes_remain()
    {
        var truth = new BinaryMask(100, 100);
        foreach (var x in new[] { 0, 20, 45, 90 })
            truth.Fill(new PixelBox(x, 0, 5, 5));
        var options = new ExpertRoiOptions { Seed = 1, MaxBoxes = 2, MergeDistance = 0, MinMarginFraction = 0, MaxMarginFraction = 0, MinMarginPixels = 0, MaxMarginPixels = 0, MissProbability = 0 };

        var roi = ExpertRoiSynthesiser.Synthesise(truth, options);

        // Gaps 15, 20 and 40: first 0 and 20 merge, then that box and 45 (gap 20).
        Assert.Equal([new PixelBox(0, 0, 50, 5), new PixelBox(90, 0, 5, 5)], roi.Boxes);
    }

    [Fact]
    public void May_miss_small_defects_but_never_all_of_them()
    {
        var truth = new BinaryMask(200, 200);
        truth.Fill(new PixelBox(10, 10, 2, 2));
        truth.Fill(new PixelBox(100, 100, 3, 3));
        truth.Fill(new PixelBox(180, 20, 2, 1));

        var roi = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = 1, MissProbability = 1 });

        Assert.Single(roi.Boxes);
        Assert.True(roi.Mask[101, 101], "the largest defect is the one kept");
    }

    [Fact]
    public void Large_defects_are_never_missed()
    {
        var truth = new BinaryMask(200, 200);
        truth.Fill(new PixelBox(10, 10, 30, 30));

        for (ulong seed = 0; seed < 20; seed++)
            Assert.True(NeuMasks.Recall(truth, ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = seed, MissProbability = 1 }).Mask) == 1);
    }

    [Fact]
    public void A_mask_without_defects_gets_no_boxes()
    {
        var roi = ExpertRoiSynthesiser.Synthesise(new BinaryMask(50, 50));

        Assert.Empty(roi.Boxes);
        Assert.Equal(0, roi.Mask.CountDefects());
    }

    [Fact]
    public void Refuses_impossible_options()
    {
        var truth = new BinaryMask(5, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { MaxBoxes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { MissProbability = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { MinMarginFraction = 0.5, MaxMarginFraction = 0.1 }));
    }
}
