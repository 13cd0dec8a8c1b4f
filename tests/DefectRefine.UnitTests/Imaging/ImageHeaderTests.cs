using System.Buffers.Binary;
using DefectRefine.Imaging;
using OpenCvSharp;

namespace DefectRefine.UnitTests.Imaging;

/// <summary>
/// Every format the decoder accepts has its size read from the header before decoding; every other format is refused
/// before OpenCV sees it, though OpenCV would decode it.
/// </summary>
public sealed class ImageHeaderTests
{
    private static byte[] Encode(int width, int height, string extension, byte value = 0)
    {
        using var image = new Mat(height, width, MatType.CV_8UC1, Scalar.All(value));
        return image.ImEncode(extension);
    }

    [Fact]
    public void A_tiff_bomb_is_refused_from_its_header()
    {
        var bomb = Encode(9000, 8000, ".tiff");
        Assert.True(bomb.Length < 2_000_000, $"the bomb is {bomb.Length:N0} bytes");

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale(bomb, new ImageLimits(MaxPixels: 64L * 1024 * 1024)));

        Assert.Contains("declares 9000x8000 = 72,000,000 pixels", error.Message);
    }

    [Fact]
    public void A_small_tiff_still_decodes()
    {
        var image = ImageDecoder.DecodeGrayscale(Encode(30, 20, ".tiff", 77));

        Assert.Equal((30, 20), (image.Width, image.Height));
        Assert.All(image.Pixels, value => Assert.Equal(77, value));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Reads_the_first_ifd_of_either_byte_order_and_of_bigtiff_wherever_it_lies(bool bigEndian, bool bigTiff)
    {
        var tiff = HandMadeTiff(bigEndian, bigTiff, width: 70_000, height: 3);

        Assert.Equal((70_000, 3), ImageHeader.TryReadSize(tiff));
    }

    [Theory]
    [InlineData(".pgm")]
    [InlineData(".webp")]
    [InlineData(".ras")]
    public void A_format_opencv_decodes_but_whose_size_is_not_read_is_refused(string extension)
    {
        var bytes = Encode(20, 10, extension);
        using (var decoded = Cv2.ImDecode(bytes, ImreadModes.Grayscale))
            Assert.False(decoded.Empty(), $"OpenCV decodes {extension}, so only the refusal keeps it out");

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale(bytes));

        Assert.Contains("not a PNG, JPEG, BMP or TIFF file", error.Message);
    }

    [Fact]
    public void A_bmp_declaring_the_most_negative_height_is_refused_not_crashed()
    {
        var bmp = Encode(4, 4, ".bmp");
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), int.MinValue);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale(bmp));

        Assert.Contains("declares 4x2147483647", error.Message);
    }

    [Fact]
    public void An_os2_bmp_header_gives_its_16_bit_sizes()
    {
        var bmp = new byte[26];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(14), 12);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(18), 640);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(20), 480);

        Assert.Equal((640, 480), ImageHeader.TryReadSize(bmp));
    }

    /// <summary>A header, 64 bytes standing for pixel data, then the IFD with a tag before and after the sizes.</summary>
    private static byte[] HandMadeTiff(bool bigEndian, bool bigTiff, uint width, ushort height)
    {
        var bytes = new byte[512];
        void U16(int at, ulong v) { if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)v); }
        void U32(int at, ulong v) { if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)v); }
        void U64(int at, ulong v) { if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at), v); else BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), v); }
        (bigEndian ? "MM"u8 : "II"u8).CopyTo(bytes);
        const int ifd = 80;
        if (bigTiff)
        {
            U16(2, 43);
            U16(4, 8);
            U64(8, ifd);
            U64(ifd, 3);
            (int Tag, int Type, ulong Value)[] entries = [(254, 4, 0), (256, 16, width), (257, 3, height)];
            for (var i = 0; i < entries.Length; i++)
            {
                var at = ifd + 8 + (i * 20);
                U16(at, (ulong)entries[i].Tag);
                U16(at + 2, (ulong)entries[i].Type);
                U64(at + 4, 1);
                if (entries[i].Type == 3) U16(at + 12, entries[i].Value); else U64(at + 12, entries[i].Value);
            }
        }
        else
        {
            U16(2, 42);
            U32(4, ifd);
            U16(ifd, 4);
            (int Tag, int Type, ulong Value)[] entries = [(254, 4, 0), (256, 4, width), (257, 3, height), (258, 3, 8)];
            for (var i = 0; i < entries.Length; i++)
            {
                var at = ifd + 2 + (i * 12);
                U16(at, (ulong)entries[i].Tag);
                U16(at + 2, (ulong)entries[i].Type);
                U32(at + 4, 1);
                if (entries[i].Type == 3) U16(at + 8, entries[i].Value); else U32(at + 8, entries[i].Value);
            }
        }
        return bytes;
    }
}
