using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Masks.Refined;

public sealed class PriorRegionTests
{
    [Fact]
    public void A_box_grows_by_a_few_pixels_plus_a_tenth_of_its_shorter_side()
    {
        var mask = new BinaryMask(100, 60);
        mask.Fill(new PixelBox(40, 20, 30, 10));

        var allowed = PriorRegion.Allowed(mask);

        // Margin 3 + round(0.1 * 10) = 4 on every side (square dilation).
        Assert.Equal((30 + 8) * (10 + 8), allowed.CountDefects());
        Assert.True(allowed[36, 16]);
        Assert.False(allowed[35, 20]);
        Assert.False(allowed[40, 15]);
    }

    [Fact]
    public void Growth_stops_at_the_image_edge()
    {
        var mask = new BinaryMask(10, 10);
        mask[0, 0] = true;

        var allowed = PriorRegion.Allowed(mask);

        Assert.Equal(16, allowed.CountDefects());
    }

    [Fact]
    public void No_labels_allow_nothing()
    {
        Assert.Equal(0, PriorRegion.Allowed(new BinaryMask(30, 20)).CountDefects());
    }
}
