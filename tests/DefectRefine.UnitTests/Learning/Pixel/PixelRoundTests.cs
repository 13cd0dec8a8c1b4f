using DefectRefine.Imaging;
using DefectRefine.Learning.Pixel;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Learning.Pixel;

public sealed class PixelRoundTests
{
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
