using System.Numerics;
using System.Runtime.InteropServices;
using DefectRefine.Imaging;
using OpenCvSharp;

namespace DefectRefine.Masks;

/// <summary>Masks as PNG files: written as 8-bit 0/255, read from whatever mask PNGs data sets ship.</summary>
public static class MaskPng
{
    /// <summary>An 8-bit single-channel PNG: 255 for defect, 0 for background.</summary>
    public static byte[] Encode(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var mat = Mat.FromPixelData(mask.Height, mask.Width, MatType.CV_8UC1, mask.ToPixels());
        return mat.ImEncode(".png");
    }

    /// <summary>
    /// Decodes without conversion, so class-index masks (0..N), 0/255 masks, 16-bit masks and colour or palette masks
    /// all work: a pixel is a defect when its value, or any of its colour channels (alpha ignored), is greater than
    /// <paramref name="threshold"/>. Throws <see cref="MaskFormatException"/> on empty, corrupt or oversized input.
    /// </summary>
    public static BinaryMask Decode(ReadOnlySpan<byte> png, byte threshold = 0, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        if (png.IsEmpty)
            throw new MaskFormatException("The mask is empty (0 bytes).");
        if (png.Length > limits.MaxBytes)
            throw new MaskFormatException($"The mask is {png.Length:N0} bytes; the limit is {limits.MaxBytes:N0}.");
        // The header is checked before decoding: a small file can declare a gigapixel image.
        var (declaredWidth, declaredHeight) = ImageHeader.TryReadSize(png)
            ?? throw new MaskFormatException($"The bytes could not be decoded as a mask image: they are not a {ImageHeader.AcceptedFormats} file, or its header is cut short.");
        if (limits.Refusal(declaredWidth, declaredHeight, "The mask", declared: true) is { } tooLarge)
            throw new MaskFormatException(tooLarge);

        using var decoded = Cv2.ImDecode(png, ImreadModes.Unchanged);
        if (decoded is null || decoded.Empty())
            throw new MaskFormatException("The bytes could not be decoded as a mask image (corrupt, truncated or an unsupported format).");
        if (limits.Refusal(decoded.Width, decoded.Height, "The mask", declared: false) is { } decodedTooLarge)
            throw new MaskFormatException(decodedTooLarge);
        return ToMask(decoded, threshold);
    }

    private static BinaryMask ToMask(Mat decoded, byte threshold)
    {
        var depth = decoded.Depth();
        if (depth != MatType.CV_8U && depth != MatType.CV_16U)
            throw new MaskFormatException($"The mask has {decoded.Type()} pixels; 8-bit or 16-bit integer masks are accepted.");
        var channels = decoded.Channels();
        if (channels is not (1 or 2 or 3 or 4))
            throw new MaskFormatException($"The mask has {channels} channels; 1, 3 or 4 are accepted.");
        // Grey+alpha and colour+alpha: the last channel is opacity, not a class.
        var colourChannels = channels is 2 or 4 ? channels - 1 : channels;

        using var compact = decoded.IsContinuous() ? null : decoded.Clone();
        var source = compact ?? decoded;
        var (width, height) = (decoded.Width, decoded.Height);
        var values = width * height * channels;
        var mask = new BinaryMask(width, height);
        if (depth == MatType.CV_8U)
        {
            var pixels = new byte[values];
            Marshal.Copy(source.Data, pixels, 0, values);
            Mark(mask, pixels, channels, colourChannels, threshold);
        }
        else
        {
            var pixels = new short[values];
            Marshal.Copy(source.Data, pixels, 0, values);
            Mark(mask, MemoryMarshal.Cast<short, ushort>(pixels), channels, colourChannels, threshold);
        }
        return mask;
    }

    private static void Mark<T>(BinaryMask mask, ReadOnlySpan<T> pixels, int channels, int colourChannels, byte threshold)
        where T : unmanaged, IBinaryInteger<T>
    {
        var limit = T.CreateTruncating(threshold);
        for (var i = 0; i < mask.PixelCount; i++)
        {
            var first = i * channels;
            for (var c = 0; c < colourChannels; c++)
            {
                if (pixels[first + c] > limit)
                {
                    mask.Set(i, true);
                    break;
                }
            }
        }
    }
}
