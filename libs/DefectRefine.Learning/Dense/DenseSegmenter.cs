using DefectRefine.Imaging;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Dense;

/// <summary>
/// The dense map of a whole image in one fully convolutional pass. Because every convolution of the model is
/// unpadded, running it over the reflect-padded image gives, at every pixel (x, y) with x and y multiples of 4,
/// exactly the output of the patch centred there; between those grid points the defect logit is interpolated
/// bilinearly. Tall or wide images are cut into bands of grid rows, each padded with the context its patches need,
/// so the result is the same and memory stays bounded.
/// </summary>
public static class DenseSegmenter
{
    /// <summary>Pixels of padded input per forward pass; bounds activation memory (about 0.5 GB at width 32).</summary>
    public const int MaxPixelsPerPass = 2_000_000;


    public static DenseMap Segment(PatchModel model, GrayscaleImage image, int maxPixelsPerPass = MaxPixelsPerPass)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        const int stride = PatchModelConfig.OutputStride;
        var patch = model.Config.PatchSize;
        var half = patch / 2;
        var columns = ((image.Width - 1 + stride - 1) / stride) + 1;
        var rows = ((image.Height - 1 + stride - 1) / stride) + 1;
        var paddedWidth = (stride * (columns - 1)) + patch;
        var rowsPerBand = Math.Max(1, (((maxPixelsPerPass / paddedWidth) - patch) / stride) + 1);

        var logits = new float[rows * columns];
        var net = model.Net;
        net.eval();
        using (no_grad())
        {
            for (var firstRow = 0; firstRow < rows; firstRow += rowsPerBand)
            {
                var bandRows = Math.Min(rowsPerBand, rows - firstRow);
                var bandHeight = (stride * (bandRows - 1)) + patch;
                var input = PatchExtractor.ReflectWindow(image, (stride * firstRow) - half, -half, bandHeight, paddedWidth);
                using var scope = NewDisposeScope();
                var (output, _) = net.forward(tensor(input, [1, 1, bandHeight, paddedWidth]).to(model.Device));
                if (output.shape[2] != bandRows || output.shape[3] != columns)
                    throw new InvalidOperationException($"The model gave a {output.shape[2]}x{output.shape[3]} grid for {bandRows}x{columns}.");
                var defectLogit = (output[0, 1] - output[0, 0]).contiguous().cpu();
                defectLogit.data<float>().CopyTo(logits.AsSpan(firstRow * columns, bandRows * columns));
            }
        }
        var offset = (float)model.DefectLogitOffset;
        for (var i = 0; i < logits.Length; i++)
            logits[i] += offset;
        return Upsample(logits, rows, columns, image.Width, image.Height, stride);
    }

    /// <summary>
    /// Bilinear interpolation of the grid's defect logits (grid point (i, j) is pixel (stride·j, stride·i)), then the
    /// probability and entropy per pixel. Exact at grid points; done on logits so the 0.5 boundary moves smoothly.
    /// </summary>
    private static DenseMap Upsample(float[] logits, int rows, int columns, int width, int height, int stride)
    {
        var probability = new float[width * height];
        var entropy = new float[width * height];
        Parallel.For(0, height, y =>
        {
            var gy = Math.Min(y / stride, rows - 1);
            var fy = (y - (gy * stride)) / (float)stride;
            var gy1 = Math.Min(gy + 1, rows - 1);
            for (var x = 0; x < width; x++)
            {
                var gx = Math.Min(x / stride, columns - 1);
                var fx = (x - (gx * stride)) / (float)stride;
                var gx1 = Math.Min(gx + 1, columns - 1);
                var top = ((1 - fx) * logits[(gy * columns) + gx]) + (fx * logits[(gy * columns) + gx1]);
                var bottom = ((1 - fx) * logits[(gy1 * columns) + gx]) + (fx * logits[(gy1 * columns) + gx1]);
                var z = ((1 - fy) * top) + (fy * bottom);
                var p = 1f / (1f + MathF.Exp(-z));
                probability[(y * width) + x] = p;
                entropy[(y * width) + x] = PatchPredictions.Entropy(p);
            }
        });
        return new DenseMap(width, height, probability, entropy);
    }
}
