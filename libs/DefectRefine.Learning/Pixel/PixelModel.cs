using DefectRefine.Learning.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// The pixel model on its device. <see cref="Segment"/> maps a whole image of any size: it is cut into overlapping
/// tiles (each with <see cref="TileMargin"/> px of context on every side, which is dropped), so memory is bounded and a
/// large image gives the same map as it would in one pass, up to the context beyond the margin.
/// </summary>
public sealed class PixelModel : IDisposable
{
    /// <summary>Pixels of a tile's core, per side; with the margins a tile is at most (512 + 2·64)² px.</summary>
    public const int TileCore = 512;

    public const int TileMargin = 64;

    private PixelModel(PixelNetConfig config, PixelNet net, Device device)
    {
        Config = config;
        Net = net;
        Device = device;
    }

    public PixelNetConfig Config { get; }
    public Device Device { get; }
    internal PixelNet Net { get; }

    public long ParameterCount => Net.parameters().Sum(p => p.numel());

    public static PixelModel Create(PixelNetConfig config, Device? device = null, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        device ??= ComputeDevice.Select();
        TorchZeroFill.Ensure();
        torch.manual_seed(seed);
        var net = new PixelNet(config);
        net.to(device);
        return new PixelModel(config, net, device);
    }

    /// <summary>The defect probability of every pixel, row-major.</summary>
    public float[] Segment(StandardisedImage image) => Map(image).Probability;

    /// <summary>Probability per pixel and embedding per 1/4 cell of the whole image, tile by tile.</summary>
    public PixelMap Map(StandardisedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        const int quarter = PixelMap.EmbeddingStride;
        var size = Config.EmbeddingSize;
        var map = new PixelMap(image.Width, image.Height, new float[image.Width * image.Height], size,
            new float[((image.Width + quarter - 1) / quarter) * ((image.Height + quarter - 1) / quarter) * size]);
        Net.eval();
        using var noGrad = no_grad();
        // One tile when the image fits (no margin needed beyond rounding up); otherwise tiles with context margins.
        var margin = image.Width <= TileCore && image.Height <= TileCore ? 0 : TileMargin;
        for (var top = 0; top < image.Height; top += TileCore)
        {
            for (var left = 0; left < image.Width; left += TileCore)
            {
                var coreWidth = Math.Min(TileCore, image.Width - left);
                var coreHeight = Math.Min(TileCore, image.Height - top);
                var width = RoundUp(coreWidth + (2 * margin));
                var height = RoundUp(coreHeight + (2 * margin));
                var input = new float[width * height];
                image.CopyWindow(left - margin, top - margin, width, height, input);
                using var scope = NewDisposeScope();
                var (logits, embedding) = Net.forward(tensor(input, [1, 1, height, width]).to(Device));
                var values = logits.sigmoid().contiguous().cpu().data<float>().ToArray();
                for (var y = 0; y < coreHeight; y++)
                    values.AsSpan(((y + margin) * width) + margin, coreWidth).CopyTo(map.Probability.AsSpan(((top + y) * image.Width) + left, coreWidth));
                // [1, E, h/4, w/4] to cell-major [h/4 * w/4, E]; TileCore and TileMargin are multiples of 4.
                var cells = embedding[0].permute(1, 2, 0).contiguous().cpu().data<float>().ToArray();
                var embeddingWidth = width / quarter;
                for (var cy = 0; cy < (coreHeight + quarter - 1) / quarter; cy++)
                {
                    var from = ((((margin / quarter) + cy) * embeddingWidth) + (margin / quarter)) * size;
                    var to = ((((top / quarter) + cy) * map.EmbeddingColumns) + (left / quarter)) * size;
                    cells.AsSpan(from, ((coreWidth + quarter - 1) / quarter) * size).CopyTo(map.Embedding.AsSpan(to));
                }
            }
        }
        return map;
    }

    internal static int RoundUp(int side) => (side + PixelNetConfig.Stride - 1) / PixelNetConfig.Stride * PixelNetConfig.Stride;

    public void Dispose() => Net.Dispose();
}
