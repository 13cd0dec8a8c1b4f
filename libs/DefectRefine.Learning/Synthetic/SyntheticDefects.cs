using DefectRefine.Imaging;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;

namespace DefectRefine.Learning.Synthetic;

/// <summary>
/// SIMULATION — not steel data. Noisy grayscale images with darker elliptical defects and their exact masks: a task
/// the model can learn, reproducible from a seed, for benchmarks and tests that must not depend on a dataset.
/// </summary>
public static class SyntheticDefects
{
    public static IReadOnlyList<LearningImage> Create(int count, int width, int height, int seed)
    {
        var random = new Random(seed);
        var images = new List<LearningImage>(count);
        for (var n = 0; n < count; n++)
        {
            var pixels = new byte[width * height];
            var mask = new BinaryMask(width, height);
            var blobs = 1 + random.Next(3);
            var centres = Enumerable.Range(0, blobs)
                .Select(_ => (X: random.Next(width), Y: random.Next(height), Rx: 4 + random.Next(width / 8), Ry: 4 + random.Next(height / 8)))
                .ToArray();
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var value = 140 + random.Next(-30, 31);
                    foreach (var b in centres)
                    {
                        var dx = (x - b.X) / (double)b.Rx;
                        var dy = (y - b.Y) / (double)b.Ry;
                        if ((dx * dx) + (dy * dy) <= 1)
                        {
                            value -= 50;
                            mask[x, y] = true;
                            break;
                        }
                    }
                    pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
                }
            }
            images.Add(new LearningImage(Guid.NewGuid(), new GrayscaleImage(width, height, pixels), mask));
        }
        return images;
    }
}
