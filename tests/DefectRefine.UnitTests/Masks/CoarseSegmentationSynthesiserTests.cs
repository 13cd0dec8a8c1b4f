using DefectRefine.Masks;
using DefectRefine.Masks.Simulation;

namespace DefectRefine.UnitTests.Masks;

public sealed class CoarseSegmentationSynthesiserTests
{
    private static readonly IReadOnlyList<(string Name, BinaryMask Mask)> _truths = NeuMasks.FirstTrain(20);

    [Fact]
    public void Resembles_the_truth_without_matching_it()
    {
        var ious = _truths.Select(t => NeuMasks.IoU(t.Mask, CoarseSegmentationSynthesiser.Synthesise(t.Mask, new CoarseSegmentationOptions { Seed = 2 }).Mask)).ToList();

        Assert.InRange(ious.Average(), 0.3, 0.9);
        Assert.All(ious, iou => Assert.True(iou < 1, "a coarse mask equal to the truth"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_mask_and_other_seeds_usually_differ()
    {
        var differing = 0;
        foreach (var (_, truth) in _truths)
        {
            var first = CoarseSegmentationSynthesiser.Synthesise(truth, new CoarseSegmentationOptions { Seed = 8 });
            Assert.Equal(first.Mask, CoarseSegmentationSynthesiser.Synthesise(truth, new CoarseSegmentationOptions { Seed = 8 }).Mask);
            if (!first.Mask.Equals(CoarseSegmentationSynthesiser.Synthesise(truth, new CoarseSegmentationOptions { Seed = 9 }).Mask))
                differing++;
        }
        Assert.True(differing >= 15, $"only {differing} of 20 differ");
    }

    [Fact]
    public void Drops_components_below_the_area_threshold()
    {
        var truth = new BinaryMask(100, 100);
        truth.Fill(new PixelBox(10, 10, 4, 4));
        truth.Fill(new PixelBox(50, 50, 30, 30));
        var options = new CoarseSegmentationOptions { Seed = 1, BlurSigma = 0, NoiseAmplitude = 0, ThresholdJitter = 0, DropBelowAreaFraction = 0.01 };

        var coarse = CoarseSegmentationSynthesiser.Synthesise(truth, options).Mask;

        Assert.False(coarse[11, 11]);
        Assert.Equal(900, coarse.CountDefects());
    }

    [Fact]
    public void Without_blur_noise_or_drops_the_truth_comes_back_unchanged()
    {
        var truth = _truths[0].Mask;
        var options = new CoarseSegmentationOptions { BlurSigma = 0, NoiseAmplitude = 0, ThresholdJitter = 0, DropBelowAreaFraction = 0 };

        Assert.Equal(truth, CoarseSegmentationSynthesiser.Synthesise(truth, options).Mask);
    }

    [Fact]
    public void Records_that_it_is_a_simulation_and_every_parameter()
    {
        var parameters = CoarseSegmentationSynthesiser.Synthesise(_truths[0].Mask, new CoarseSegmentationOptions { Seed = 77, BlurSigma = 2.5 }).Parameters;

        Assert.Equal("coarse-segmentation", parameters["simulation"]);
        Assert.Equal("77", parameters["seed"]);
        Assert.Equal("2.5", parameters["blurSigma"]);
        foreach (var key in new[] { "threshold", "thresholdJitter", "noiseAmplitude", "noiseCellSize", "dropBelowAreaFraction", "algorithmVersion" })
            Assert.True(parameters.ContainsKey(key), key);
    }

    [Fact]
    public void A_mask_without_defects_stays_empty()
    {
        Assert.Equal(0, CoarseSegmentationSynthesiser.Synthesise(new BinaryMask(64, 64)).Mask.CountDefects());
    }
}
