using System.Buffers.Binary;

namespace DefectRefine.Imaging;

/// <summary>
/// Reads the declared size from PNG, JPEG and BMP headers without decoding, so an image that claims absurd
/// dimensions is refused before any pixel memory is allocated (a small file can declare a gigapixel image).
/// </summary>
public static class ImageHeader
{
    public static (int Width, int Height)? TryReadSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return ((int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(bytes[16..])), (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(bytes[20..])));
        if (bytes.Length >= 26 && bytes[0] == 0x42 && bytes[1] == 0x4D)
            return (Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(bytes[18..])), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(bytes[22..])));
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
            return JpegSize(bytes);
        return null;
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
}
