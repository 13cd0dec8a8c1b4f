using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Answers;
using DefectRefine.Masks;
using DefectRefine.UnitTests.Masks;

namespace DefectRefine.UnitTests.Learning.Answers;

public sealed class ImageRefinementEventTests
{
    private static readonly Guid Image = Guid.NewGuid();
    private static readonly RefinementContext Context = new(
        new LabelAuthor("station-1", "expert"), DateTimeOffset.UnixEpoch, Guid.Empty, Guid.NewGuid(), "model-1", []);

    [Fact]
    public void Centre_pixel_event_flips_exactly_the_centres_whose_label_changes()
    {
        var mask = NeuMasks.Parse(
            "......",
            ".##...",
            "......",
            "......");
        PatchLabel[] labels = [new(0, 0, true), new(1, 0, true), new(1, 1, false), new(2, 1, true), new(4, 2, true)];
        var refinement = new ImageRefinement(Image, RefinementGranularity.CentrePixel, 3, labels, []);

        var @event = Assert.IsType<CentrePixelsRefined>(refinement.ToEvent(mask, Context));

        Assert.Equal(Image, @event.ImageId);
        Assert.Same(Context, @event.Context);
        Assert.Equal(labels, @event.Labels);
        Assert.Equal([new PixelRunChange(0, 2), new PixelRunChange(7, 1), new PixelRunChange(16, 1)], @event.Flipped);
        Assert.Equal(NeuMasks.Parse(
            "##....",
            "..#...",
            "....#.",
            "......"), WithFlips(mask, @event.Flipped));
    }

    [Fact]
    public void Whole_patch_event_flips_every_pixel_of_the_patches_clipped_to_the_image()
    {
        var mask = NeuMasks.Parse(
            "......",
            "......",
            "......",
            ".....#");
        PatchLabel[] labels = [new(1, 1, true), new(5, 3, false)];
        var refinement = new ImageRefinement(Image, RefinementGranularity.WholePatch, 3, labels, []);

        var @event = Assert.IsType<PatchesRefined>(refinement.ToEvent(mask, Context));

        Assert.Equal(3, @event.PatchSize);
        Assert.Equal(labels, @event.Labels);
        Assert.Equal([new PixelRunChange(0, 3), new PixelRunChange(6, 3), new PixelRunChange(12, 3), new PixelRunChange(23, 1)], @event.Flipped);
        Assert.Equal(NeuMasks.Parse(
            "###...",
            "###...",
            "###...",
            "......"), WithFlips(mask, @event.Flipped));
    }

    [Fact]
    public void Shift_event_flips_only_clicked_pixels_that_were_background()
    {
        var mask = NeuMasks.Parse(
            "......",
            ".#.#..",
            "......",
            "......");
        ShiftLabel[] shifts = [new(1, 1, 2, 2), new(4, 1, 5, 0), new(4, 2, 3, 1)];
        var refinement = new ImageRefinement(Image, RefinementGranularity.Shift, 3, [], shifts);

        var @event = Assert.IsType<PatchesShifted>(refinement.ToEvent(mask, Context));

        Assert.Equal(shifts, @event.Shifts);
        Assert.Equal([new PixelRunChange(5, 1), new PixelRunChange(14, 1)], @event.Flipped);
        Assert.Equal(NeuMasks.Parse(
            ".....#",
            ".#.#..",
            "..#...",
            "......"), WithFlips(mask, @event.Flipped));
    }

    [Fact]
    public void Computing_an_event_leaves_the_current_mask_as_it_was()
    {
        var mask = new BinaryMask(6, 4);
        var refinement = new ImageRefinement(Image, RefinementGranularity.WholePatch, 3, [new PatchLabel(2, 2, true)], []);

        refinement.ToEvent(mask, Context);

        Assert.Equal(new BinaryMask(6, 4), mask);
    }

    [Theory]
    [InlineData(RefinementGranularity.CentrePixel)]
    [InlineData(RefinementGranularity.WholePatch)]
    public void A_mask_too_small_for_the_labels_is_refused_as_not_this_images_mask(RefinementGranularity granularity)
    {
        var refinement = new ImageRefinement(Image, granularity, 3, [new PatchLabel(1, 1, true), new PatchLabel(6, 1, false)], []);

        var error = Assert.Throws<ArgumentException>(() => refinement.ToEvent(new BinaryMask(6, 4), Context));

        Assert.Contains("(6, 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_too_small_for_a_click_is_refused_as_not_this_images_mask()
    {
        var refinement = new ImageRefinement(Image, RefinementGranularity.Shift, 3, [], [new ShiftLabel(5, 3, 5, 4)]);

        var error = Assert.Throws<ArgumentException>(() => refinement.ToEvent(new BinaryMask(6, 4), Context));

        Assert.Contains("(5, 4)", error.Message, StringComparison.Ordinal);
    }

    private static BinaryMask WithFlips(BinaryMask mask, IEnumerable<PixelRunChange> flipped)
    {
        var result = mask.Clone();
        result.Flip(flipped.Select(change => new PixelRun(change.Start, change.Length)));
        return result;
    }
}
