using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>
/// Colour overlays of a mask against the truth over its image, side by side: agreement green, false defect red,
/// missed defect blue. One glance shows whether refinement moved a mask towards the truth, which F1 alone hides.
/// </summary>
public static class MaskOverlay
{
    private const int Gap = 4;

    /// <summary>The image alone, then one panel per mask compared with <paramref name="truth"/>; returns PNG bytes.</summary>
    public static byte[] Render(GrayscaleImage image, BinaryMask truth, params BinaryMask[] masks)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(truth);
        foreach (var mask in masks.Append(truth))
        {
            if (mask.Width != image.Width || mask.Height != image.Height)
                throw new ArgumentException($"A {mask.Width}×{mask.Height} mask does not fit a {image.Width}×{image.Height} image.");
        }

        var panels = masks.Length + 1;
        var width = (panels * image.Width) + ((panels - 1) * Gap);
        var bgr = new byte[width * image.Height * 3];
        Array.Fill(bgr, (byte)255);
        for (var panel = 0; panel < panels; panel++)
        {
            var left = panel * (image.Width + Gap);
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    var grey = image[x, y];
                    var (b, g, r) = panel == 0 ? (grey, grey, grey) : Tint(grey, masks[panel - 1][x, y], truth[x, y]);
                    var at = ((y * width) + left + x) * 3;
                    (bgr[at], bgr[at + 1], bgr[at + 2]) = (b, g, r);
                }
            }
        }
        return ImageEncoder.EncodeBgrPng(width, image.Height, bgr);
    }

    private static (byte B, byte G, byte R) Tint(byte grey, bool predicted, bool actual) => (predicted, actual) switch
    {
        (true, true) => Blend(grey, 0, 200, 0),
        (true, false) => Blend(grey, 0, 0, 230),
        (false, true) => Blend(grey, 230, 80, 0),
        _ => (grey, grey, grey),
    };

    private static (byte, byte, byte) Blend(byte grey, byte b, byte g, byte r) =>
        ((byte)((grey * 0.45) + (b * 0.55)), (byte)((grey * 0.45) + (g * 0.55)), (byte)((grey * 0.45) + (r * 0.55)));
}
