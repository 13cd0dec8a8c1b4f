using DefectRefine.Imaging;
using DefectRefine.Learning.Pixel;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Learning.Pixel;

public sealed class PixelRoundTests
{
    private static readonly PixelNetConfig Small = new() { Width = 8, EmbeddingSize = 4 };
    private static readonly PixelTrainingOptions Short = new() { Steps = 40, BatchSize = 4, CropSize = 48, Seed = 3 };

    /// <summary>Bright discs of radius 8 on a textured background; targets are the discs, background weighted <paramref name="backgroundWeight"/>.</summary>
    private static List<PixelTrainingImage> Discs(int count, float backgroundWeight)
    {
        var images = new List<PixelTrainingImage>();
        var random = new Random(5);
        for (var n = 0; n < count; n++)
        {
            const int side = 64;
            var (cx, cy) = (random.Next(12, 52), random.Next(12, 52));
            var pixels = new byte[side * side];
            var target = new float[side * side];
            var weight = new float[side * side];
            for (var y = 0; y < side; y++)
                for (var x = 0; x < side; x++)
                {
                    var i = (y * side) + x;
                    var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= 64;
                    pixels[i] = (byte)((inside ? 190 : 100) + random.Next(-20, 21));
                    target[i] = inside ? 1 : 0;
                    weight[i] = inside ? 1 : backgroundWeight;
                }
            images.Add(new PixelTrainingImage(new StandardisedImage(new GrayscaleImage(side, side, pixels)), target, weight));
        }
        return images;
    }

    [Theory]
    [InlineData(0.0, null, true)]
    [InlineData(0.01, 0.02, true)]
    [InlineData(0.01, 0.5, false)]
    public void A_collapsed_round_fails_unless_its_retry_finds_the_defects(double recall, double? afterRetry, bool failed)
    {
        var round = new PixelRoundResult(10, 0.5, recall, Collapsed: true, afterRetry);

        Assert.Equal(failed, round.Failed);
        Assert.Contains("COLLAPSED", round.Describe(), StringComparison.Ordinal);
        Assert.Equal(failed, round.Describe().Contains("round failed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_round_that_finds_the_defects_is_not_retried()
    {
        var images = Discs(6, backgroundWeight: 1);
        using var model = PixelModel.Create(Small, seed: 2);

        var round = PixelRound.Train(model, images, Short);

        Assert.False(round.Collapsed, round.Describe());
        Assert.Equal(Short.Steps, round.Steps);
        Assert.Null(round.RecallAfterRetry);
    }

    [Fact]
    public void Rebalancing_makes_the_defect_weigh_as_much_as_the_background()
    {
        var images = Discs(3, backgroundWeight: 10);

        var rebalanced = PixelRound.Rebalance(images);

        double defect = 0, background = 0;
        foreach (var image in rebalanced)
            for (var p = 0; p < image.Target.Length; p++)
                (image.Target[p] > 0.5f ? ref defect : ref background) += image.Weight[p];
        Assert.Equal(background, defect, background * 1e-4);
        Assert.Equal(10f, rebalanced[0].Weight[0]);
    }

    [Fact]
    public void With_no_defect_in_any_target_there_is_no_recall_to_measure()
    {
        var images = Discs(2, backgroundWeight: 1).Select(i => i with { Target = new float[i.Target.Length] }).ToList();
        using var model = PixelModel.Create(Small, seed: 2);

        Assert.Null(PixelRound.DefectRecall(model, images));
    }

    /// <summary>A bright disc on textured grey, labelled by a box twice its size: the Trainer's case of ROI labels.</summary>
    private static (GrayscaleImage Image, BinaryMask Disc, BinaryMask Box) Boxed(int seed)
    {
        const int side = 64, cx = 32, cy = 30, r = 8;
        var random = new Random(seed);
        var pixels = new byte[side * side];
        var disc = new BinaryMask(side, side);
        var box = new BinaryMask(side, side);
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;
                pixels[(y * side) + x] = (byte)Math.Clamp((inside ? 190 : 90) + random.Next(-20, 21), 0, 255);
                disc[x, y] = inside;
                box[x, y] = Math.Abs(x - cx) <= 2 * r && Math.Abs(y - cy) <= 2 * r;
            }
        return (new GrayscaleImage(side, side, pixels), disc, box);
    }

    [Fact]
    public void A_round_on_boxes_with_grabcut_proposals_learns_the_defect_not_the_box()
    {
        var images = Enumerable.Range(0, 3).Select(seed =>
        {
            var (image, _, box) = Boxed(seed);
            return new PixelLabelledImage(new StandardisedImage(image), box, LabelPrior.Boxes, new ExpertLayer(64, 64),
                LabelProposal.Of(ProposalSource.GrabCut, image, box, LabelPrior.Boxes));
        }).ToList();
        using var model = PixelModel.Create(new PixelNetConfig { Width = 8, EmbeddingSize = 4 }, seed: 2);

        var result = PixelRound.Train(model, images, new PixelTrainingOptions { Steps = 60, BatchSize = 4, CropSize = 48, Seed = 3 });

        var (test, disc, box) = Boxed(9);
        var probability = model.Segment(new StandardisedImage(test));
        double Mean(Func<int, bool> where) => Enumerable.Range(0, probability.Length).Where(where).Average(i => probability[i]);
        var inDisc = Mean(disc.Get);
        var inBoxOutsideDisc = Mean(i => box.Get(i) && !disc.Get(i));
        Assert.Equal(60, result.Steps);
        Assert.True(inDisc > inBoxOutsideDisc + 0.2, $"disc {inDisc:F2} vs the rest of the box {inBoxOutsideDisc:F2}");
    }
}
