using OpenCvSharp;

namespace DefectRefine.Imaging;

public static class ImageDecoder
{
    /// <summary>Decodes PNG, JPEG, BMP or TIFF bytes to 8-bit grayscale, refusing any other format and input over <paramref name="limits"/>.</summary>
    public static GrayscaleImage DecodeGrayscale(ReadOnlySpan<byte> encoded, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        if (encoded.IsEmpty)
            throw new ImageDecodeException("The image is empty (0 bytes).");
        if (encoded.Length > limits.MaxBytes)
            throw new ImageDecodeException($"The image is {encoded.Length:N0} bytes; the limit is {limits.MaxBytes:N0}.");

        // Only bytes whose size the header gives reach the decoder: OpenCV would decode formats nobody sized.
        var (declaredWidth, declaredHeight) = ImageHeader.TryReadSize(encoded)
            ?? throw new ImageDecodeException($"The bytes could not be decoded as an image: they are not a {ImageHeader.AcceptedFormats} file, or its header is cut short. Only these formats are accepted, since their size is read before decoding.");
        if (limits.Refusal(declaredWidth, declaredHeight, "The image", declared: true) is { } tooLarge)
            throw new ImageDecodeException(tooLarge);

        using var decoded = Cv2.ImDecode(encoded, ImreadModes.Grayscale);
        if (decoded is null || decoded.Empty())
            throw new ImageDecodeException("The bytes could not be decoded as an image (corrupt, truncated or an unsupported format).");
        if (limits.Refusal(decoded.Width, decoded.Height, "The image", declared: false) is { } decodedTooLarge)
            throw new ImageDecodeException(decodedTooLarge);
        if (decoded.Type() != MatType.CV_8UC1)
            throw new ImageDecodeException($"Decoded to {decoded.Type()} instead of 8-bit grayscale.");

        var (width, height) = (decoded.Width, decoded.Height);
        var pixels = new byte[width * height];
        // Freshly decoded Mats are continuous; only a row-padded one needs a compact copy.
        using var compact = decoded.IsContinuous() ? null : decoded.Clone();
        System.Runtime.InteropServices.Marshal.Copy((compact ?? decoded).Data, pixels, 0, pixels.Length);
        return new GrayscaleImage(width, height, pixels);
    }
}
