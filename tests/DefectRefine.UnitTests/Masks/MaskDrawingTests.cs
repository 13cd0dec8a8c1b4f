using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

public sealed class MaskDrawingTests
{
    [Fact]
    public void A_rectangle_in_pixel_edge_coordinates_fills_exactly_its_pixels()
    {
        var mask = new BinaryMask(10, 8);

        MaskDrawing.FillPolygon(mask, [(2, 1), (6, 1), (6, 4), (2, 4)]);

        Assert.Equal(InitialMasks.Roi(10, 8, [new PixelBox(2, 1, 4, 3)]), mask);
    }

    [Fact]
    public void A_triangle_fills_the_pixels_whose_centres_lie_inside()
    {
        var mask = new BinaryMask(5, 5);

        MaskDrawing.FillPolygon(mask, [(0, 0), (5, 0), (0, 5)]);

        Assert.Equal(NeuMasks.Parse("####.", "###..", "##...", "#....", "....."), mask);
    }

    [Fact]
    public void Polygons_reaching_outside_are_clipped_to_the_mask()
    {
        var mask = new BinaryMask(6, 4);

        MaskDrawing.FillPolygon(mask, [(-100, -100), (3, -100), (3, 1e9), (-100, 1e9)]);

        Assert.Equal(InitialMasks.Roi(6, 4, [new PixelBox(0, 0, 3, 4)]), mask);
    }

    [Fact]
    public void Adds_to_what_the_mask_already_marks()
    {
        var mask = InitialMasks.Roi(6, 4, [new PixelBox(5, 3, 1, 1)]);

        MaskDrawing.FillPolygon(mask, [(0, 0), (1, 0), (1, 1), (0, 1)]);

        Assert.Equal(2, mask.CountDefects());
    }

    [Fact]
    public void Needs_three_finite_points()
    {
        var mask = new BinaryMask(4, 4);

        Assert.Throws<MaskFormatException>(() => MaskDrawing.FillPolygon(mask, [(0, 0), (3, 3)]));
        Assert.Throws<MaskFormatException>(() => MaskDrawing.FillPolygon(mask, [(0, 0), (3, double.NaN), (0, 3)]));
    }
}
