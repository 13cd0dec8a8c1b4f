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
