using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

public sealed class InitialMasksTests
{
    [Fact]
    public void Roi_fills_the_boxes_clipped_to_the_image()
    {
        var mask = InitialMasks.Roi(10, 10, [new PixelBox(1, 1, 2, 2), new PixelBox(8, 8, 5, 5)]);

        Assert.Equal(4 + 4, mask.CountDefects());
        Assert.True(mask[9, 9]);
    }

    [Fact]
    public void Noise_from_a_recorded_seed_is_the_same_mask_forever()
    {
        var mask = InitialMasks.Noise(200, 200, seed: 42, defectFraction: 0.3);

        // Pinned: SplitMix64 is defined bit for bit, so this count must never change on any platform or runtime.
        Assert.Equal(11901, mask.CountDefects());
        Assert.Equal(mask, InitialMasks.Noise(200, 200, seed: 42, defectFraction: 0.3));
    }

    [Fact]
    public void Noise_marks_about_the_requested_fraction()
    {
        foreach (var fraction in new[] { 0.1, 0.5, 0.9 })
        {
            var share = InitialMasks.Noise(200, 200, seed: 7, fraction).CountDefects() / 40000.0;
            Assert.InRange(share, fraction - 0.01, fraction + 0.01);
        }
        Assert.Equal(0, InitialMasks.Noise(20, 20, seed: 1, defectFraction: 0).CountDefects());
        Assert.Equal(400, InitialMasks.Noise(20, 20, seed: 1, defectFraction: 1).CountDefects());
    }

    [Fact]
    public void Different_seeds_give_different_noise()
    {
        Assert.NotEqual(InitialMasks.Noise(50, 50, seed: 1), InitialMasks.Noise(50, 50, seed: 2));
    }

    [Fact]
    public void Refuses_a_fraction_outside_0_to_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialMasks.Noise(5, 5, 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialMasks.Noise(5, 5, 1, double.NaN));
    }
}
