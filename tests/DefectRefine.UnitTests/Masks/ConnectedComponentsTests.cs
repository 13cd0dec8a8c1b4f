using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

public sealed class ConnectedComponentsTests
{
    private static readonly BinaryMask _mask = NeuMasks.Parse(
        "##.....",
        ".#....#",
        "..#....",
        ".......",
        "....###");

    [Fact]
    public void Diagonal_neighbours_belong_to_one_component()
    {
        var components = ConnectedComponents.Find(_mask);

        Assert.Equal(
            [new MaskComponent(new PixelBox(0, 0, 3, 3), 4), new MaskComponent(new PixelBox(6, 1, 1, 1), 1), new MaskComponent(new PixelBox(4, 4, 3, 1), 3)],
            components);
    }

    [Fact]
    public void Min_area_leaves_out_small_components()
    {
        Assert.Equal([4, 3], ConnectedComponents.Find(_mask, minArea: 2).Select(c => c.Area));
    }

    [Fact]
    public void Split_gives_each_component_its_own_mask_and_together_the_whole()
    {
        var parts = ConnectedComponents.Split(_mask);

        Assert.Equal(3, parts.Count);
        var union = new BinaryMask(_mask.Width, _mask.Height);
        foreach (var (component, single) in parts)
        {
            Assert.Equal(component.Area, single.CountDefects());
            Assert.Equal([component], ConnectedComponents.Find(single));
            for (var i = 0; i < single.PixelCount; i++)
                if (single.Get(i))
                    union.Set(i, true);
        }
        Assert.Equal(_mask, union);
    }

    [Fact]
    public void Remove_small_keeps_only_the_large_components()
    {
        var kept = ConnectedComponents.RemoveSmall(_mask, minArea: 4);

        Assert.Equal(4, kept.CountDefects());
        Assert.Equal([new PixelBox(0, 0, 3, 3)], ConnectedComponents.Find(kept).Select(c => c.Bounds));
    }

    [Fact]
    public void A_whole_neu_mask_is_covered_by_its_components()
    {
        var (_, truth) = NeuMasks.FirstTrain(1)[0];

        var components = ConnectedComponents.Find(truth);

        Assert.NotEmpty(components);
        Assert.Equal(truth.CountDefects(), components.Sum(c => c.Area));
        Assert.All(components, c => Assert.True(c.Bounds.IsInside(truth.Width, truth.Height)));
    }
}
