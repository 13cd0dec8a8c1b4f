using System.Buffers.Binary;

namespace DefectRefine.Imaging;

/// <summary>
/// Reads the declared size from PNG, JPEG, BMP and TIFF headers without decoding, so an image that claims absurd
/// dimensions is refused before any pixel memory is allocated (a small file can declare a gigapixel image). These are
/// the only formats the decoders accept: OpenCV would decode others (WebP, PNM, Sun raster, HDR …) whose size nobody
/// checked, so bytes whose size cannot be read here are refused, not handed to it.
/// </summary>
public static class ImageHeader
{
    /// <summary>The accepted formats, as an error message names them.</summary>
    public const string AcceptedFormats = "PNG, JPEG, BMP or TIFF";

    public static (int Width, int Height)? TryReadSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && bytes[12..16].SequenceEqual("IHDR"u8))
            return (Clamp(BinaryPrimitives.ReadUInt32BigEndian(bytes[16..])), Clamp(BinaryPrimitives.ReadUInt32BigEndian(bytes[20..])));
        if (bytes.Length >= 26 && bytes[0] == 0x42 && bytes[1] == 0x4D)
            return BmpSize(bytes);
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
            return JpegSize(bytes);
        if (bytes.Length >= 8 && (bytes[..2].SequenceEqual("II"u8) || bytes[..2].SequenceEqual("MM"u8)))
            return TiffSize(bytes);
        return null;
    }

    private static int Clamp(ulong value) => (int)Math.Min(int.MaxValue, value);

    private static (int, int)? BmpSize(ReadOnlySpan<byte> bytes)
    {
        // The OS/2 header (12 bytes) keeps 16-bit sizes; every later one 32-bit, the height negative for top-down rows.
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]) == 12)
            return (BinaryPrimitives.ReadUInt16LittleEndian(bytes[18..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[20..]));
        // Widened before Abs: int.MinValue has no positive int.
        return (Clamp((ulong)Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]))),
            Clamp((ulong)Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]))));
    }

    private static (int, int)? JpegSize(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 9 < bytes.Length)
        {
            if (bytes[position] != 0xFF)
                return null;
            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
            // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 5)..]));
            position += 2 + length;
        }
        return null;
    }

    /// <summary>
    /// ImageWidth (tag 256) and ImageLength (257) of the first IFD, which is the page a decoder reads; classic TIFF and
    /// BigTIFF. The IFD may sit anywhere in the file, often after the pixel data.
    /// </summary>
    private static (int, int)? TiffSize(ReadOnlySpan<byte> bytes)
    {
        var little = bytes[0] == (byte)'I';
        ulong U16(ReadOnlySpan<byte> at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(at) : BinaryPrimitives.ReadUInt16BigEndian(at);
        ulong U32(ReadOnlySpan<byte> at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(at) : BinaryPrimitives.ReadUInt32BigEndian(at);
        ulong U64(ReadOnlySpan<byte> at) => little ? BinaryPrimitives.ReadUInt64LittleEndian(at) : BinaryPrimitives.ReadUInt64BigEndian(at);

        var big = U16(bytes[2..]) switch
        {
            42 => false,
            43 when bytes.Length >= 16 && U16(bytes[4..]) == 8 => true,
            _ => (bool?)null,
        };
        if (big is null)
            return null;
        var (entrySize, countSize) = big.Value ? (20, 8) : (12, 2);
        var ifd = big.Value ? U64(bytes[8..]) : U32(bytes[4..]);
        if (ifd > (ulong)(bytes.Length - countSize))
            return null;
        var entries = bytes[(int)ifd..];
        var count = big.Value ? U64(entries) : U16(entries);
        entries = entries[countSize..];
        ulong? width = null, height = null;
        for (ulong i = 0; i < count && entries.Length >= entrySize; i++, entries = entries[entrySize..])
        {
            var tag = U16(entries);
            if (tag is not (256 or 257))
                continue;
            var valueAt = entries[(big.Value ? 12 : 8)..];
            ulong? value = U16(entries[2..]) switch
            {
                3 => U16(valueAt),
                4 => U32(valueAt),
                16 when big.Value => U64(valueAt),
                _ => null,
            };
            if (tag == 256)
                width = value;
            else
                height = value;
        }
        return width is { } w && height is { } h ? (Clamp(w), Clamp(h)) : null;
    }
}
