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

    /// <summary>8-bit colour PNG from interleaved blue-green-red bytes (OpenCV's channel order), for reports and overlays.</summary>
    public static byte[] EncodeBgrPng(int width, int height, byte[] bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (width < 1 || height < 1 || bgr.Length != width * height * 3)
            throw new ArgumentException($"A {width}×{height} colour image needs {width * height * 3} bytes, not {bgr.Length}.", nameof(bgr));
        using var mat = Mat.FromPixelData(height, width, MatType.CV_8UC3, bgr);
        return mat.ImEncode(".png");
    }
}
