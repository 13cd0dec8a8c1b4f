using OpenCvSharp;

namespace DefectRefine.Imaging;

public static class ImageEncoder
{
    /// <summary>Lossless 8-bit grayscale PNG: the form in which the model's input is stored.</summary>
    public static byte[] EncodePng(GrayscaleImage image)
    {
        using var mat = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, image.Pixels);
        return mat.ImEncode(".png");
    }
}
