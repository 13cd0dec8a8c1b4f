using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks.Refined;

/// <summary>A dark disc of radius 9 at (30, 32) on a lightly textured 64 x 64 background, and its true mask.</summary>
internal static class DiscImage
{
    public const int Side = 64;

    public static (GrayscaleImage Image, BinaryMask Truth) Create()
    {
        var random = new Random(3);
        var pixels = new byte[Side * Side];
        var truth = new BinaryMask(Side, Side);
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var inside = ((x - 30) * (x - 30)) + ((y - 32) * (y - 32)) <= 81;
                truth[x, y] = inside;
                pixels[(y * Side) + x] = (byte)((inside ? 60 : 170) + random.Next(-12, 13));
            }
        }
        return (new GrayscaleImage(Side, Side, pixels), truth);
    }
}
