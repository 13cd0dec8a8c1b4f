using DefectRefine.Imaging;
using DefectRefine.Learning.Pixel;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.UnitTests.Learning.Pixel;

public sealed class PixelModelTests
{
    /// <summary>Textured grey background with one bright disc; the disc is the defect.</summary>
    private static (GrayscaleImage Image, BinaryMask Truth) Disc(int width, int height, int cx, int cy, int r, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height];
        var truth = new BinaryMask(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;
                pixels[(y * width) + x] = (byte)Math.Clamp((inside ? 190 : 100) + random.Next(-20, 21), 0, 255);
                truth[x, y] = inside;
            }
        return (new GrayscaleImage(width, height, pixels), truth);
    }

    [Theory]
    [InlineData(200, 200)]
    [InlineData(1300, 90)]
    [InlineData(600, 700)]
    [InlineData(5, 3)]
    public void Maps_any_size_to_a_probability_per_pixel_and_an_embedding_per_quarter_cell(int width, int height)
    {
        using var model = PixelModel.Create(new PixelNetConfig { Width = 8, EmbeddingSize = 6 });
        var (image, _) = Disc(width, height, width / 2, height / 2, Math.Min(width, height) / 4, seed: 1);

        var map = model.Map(new StandardisedImage(image));

        Assert.Equal(width * height, map.Probability.Length);
        Assert.All(map.Probability, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(map.EmbeddingColumns * map.EmbeddingRows * 6, map.Embedding.Length);
        var norm = Math.Sqrt(map.EmbeddingAt(width - 1, height - 1).ToArray().Sum(v => v * v));
        Assert.Equal(1.0, norm, 3);
    }

    [Fact]
    public void Learns_a_bright_disc_from_box_labels_and_the_refined_mask_beats_the_boxes()
    {
        var train = Enumerable.Range(0, 12).Select(i => Disc(64, 64, 20 + (i % 4 * 7), 22 + (i % 3 * 8), 8 + (i % 3), seed: 10 + i)).ToList();
        var boxes = train.Select(t =>
        {
            var box = new BinaryMask(64, 64);
            var c = ConnectedComponents.Find(t.Truth)[0].Bounds;
            box.Fill(new PixelBox(c.X - 6, c.Y - 6, c.Width + 12, c.Height + 12).ClipTo(64, 64)!.Value);
            return box;
        }).ToList();
        using var model = PixelModel.Create(new PixelNetConfig { Width = 8 }, seed: 3);
        var images = train.Select((t, i) => PixelTargets.Build(new StandardisedImage(t.Image), boxes[i], LabelPrior.Boxes)).ToList();

        PixelTrainer.Train(model, images, new PixelTrainingOptions { Steps = 60, BatchSize = 6, CropSize = 64, LearningRate = 1e-2 });

        double boxF1 = 0, refinedF1 = 0;
        for (var i = 0; i < train.Count; i++)
        {
            var refined = RefinedMaskComposer.Compose(model.Segment(images[i].Image), boxes[i], LabelPrior.Boxes);
            boxF1 += F1(boxes[i], train[i].Truth) / train.Count;
            refinedF1 += F1(refined, train[i].Truth) / train.Count;
        }
        Assert.True(refinedF1 > boxF1 + 0.1, $"refined F1 {refinedF1:F3}, boxes {boxF1:F3}");
    }

    private static double F1(BinaryMask predicted, BinaryMask truth)
    {
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.PixelCount; i++)
        {
            if (predicted.Get(i) && truth.Get(i)) tp++;
            else if (predicted.Get(i)) fp++;
            else if (truth.Get(i)) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }
}
