using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Imaging;
using DefectRefine.LabelStore;
using DefectRefine.Learning.Answers;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Learning.Answers;

/// <summary>
/// A propagated centre-pixel answer: its event carries the regions its labels reached and every pixel it flipped, so
/// replaying the stream (the expert layer, the mask) needs neither the image nor the map; named pixels keep the person's label.
/// </summary>
public sealed class PropagatedRefinementTests
{
    private const int Side = 48;
    private static readonly Guid Image = Guid.NewGuid();
    private static readonly RefinementContext Context = new(new LabelAuthor("station-1", "expert"), DateTimeOffset.UnixEpoch, Guid.Empty, Guid.NewGuid(), "model-1", []);

    // A dark square (14..33 on both axes) on a light, lightly textured background.
    private static (GrayscaleImage Image, BinaryMask Truth) Square()
    {
        var random = new Random(5);
        var pixels = new byte[Side * Side];
        var truth = new BinaryMask(Side, Side);
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
            {
                var inside = x is >= 14 and < 34 && y is >= 14 and < 34;
                truth[x, y] = inside;
                pixels[(y * Side) + x] = (byte)((inside ? 50 : 180) + random.Next(-10, 11));
            }
        return (new GrayscaleImage(Side, Side, pixels), truth);
    }

    [Fact]
    public void The_event_records_the_reached_regions_and_replays_to_the_same_mask_and_expert_layer()
    {
        var (image, truth) = Square();
        var initial = new BinaryMask(Side, Side);
        var refinement = new ImageRefinement(Image, RefinementGranularity.CentrePixel, 16, [new PatchLabel(24, 24, true), new PatchLabel(6, 6, false)], []);
        var reach = PropagatedRegions.Draw(refinement, image, Enumerable.Repeat(0.5f, Side * Side).ToArray(), "model-1");

        var @event = Assert.IsType<CentrePixelsRefined>(refinement.ToEvent(initial, Context, reach));

        var record = Assert.IsType<PropagatedLabels>(@event.Propagation);
        Assert.Equal((PropagatedRegions.Method, "model-1", 16, 2), (record.Method, record.ModelVersion, record.RegionSize, record.Regions.Count));
        var replayed = initial.Clone();
        foreach (var run in @event.Flipped)
            for (var i = run.Start; i < run.Start + run.Length; i++)
                replayed.Set(i, !replayed.Get(i));
        // Each named pixel keeps its own label; the defect label reaches into the square, the background one around it.
        Assert.True(replayed[24, 24]);
        Assert.False(replayed[6, 6]);
        Assert.True(replayed.CountDefects() > 1, "the defect label reached no pixel beyond the one it names");

        var layer = ExpertAnswers.Layer(Side, Side, [(1L, new MaskInitialised(Image, Guid.Empty, Side, Side, InitialMaskKind.Roi, MaskRunLength.Encode(initial), [], new InitialMaskOrigin("t", false, null, new Dictionary<string, string>()), Context.Author, DateTimeOffset.UnixEpoch)), (2L, @event)]);
        Assert.Equal(2, layer.Direct.CountDefects());
        for (var i = 0; i < replayed.PixelCount; i++)
            if (layer.Known.Get(i))
                Assert.Equal(replayed.Get(i), layer.Defect.Get(i));
        for (var i = 0; i < replayed.PixelCount; i++)
            if (replayed.Get(i))
                Assert.True(truth.Get(i) || (i % Side, i / Side) is (>= 13 and <= 34, >= 13 and <= 34), $"pixel {i % Side},{i / Side} is beyond the square's rim");
    }

    [Fact]
    public void A_pixel_a_person_named_before_is_never_reached_and_only_centre_pixel_answers_propagate()
    {
        var (image, _) = Square();
        var named = new BinaryMask(Side, Side);
        named[25, 25] = true;
        var refinement = new ImageRefinement(Image, RefinementGranularity.CentrePixel, 16, [new PatchLabel(24, 24, true)], []);

        var reach = PropagatedRegions.Draw(refinement, image, Enumerable.Repeat(0.5f, Side * Side).ToArray(), "model-1", named);

        var region = Assert.Single(reach.Regions).Region;
        Assert.False(region[25, 25]);
        Assert.False(region[24, 24]);
        Assert.True(region[23, 23] || region[24, 23]);
        var patch = new ImageRefinement(Image, RefinementGranularity.WholePatch, 16, [new PatchLabel(24, 24, true)], []);
        Assert.Throws<ArgumentException>(() => PropagatedRegions.Draw(patch, image, new float[Side * Side], "model-1"));
        Assert.Throws<InvalidOperationException>(() => patch.ToEvent(new BinaryMask(Side, Side), Context, reach));
        Assert.Throws<ArgumentException>(() => PropagatedRegions.Draw(refinement, image, new float[10], "model-1"));
    }
}
