using DefectRefine.Imaging;

namespace DefectRefine.UnitTests.Imaging;

public sealed class ImageDecoderTests
{
    private static readonly string TrainImages = Path.Combine(SharedData.NeuSeg, "images", "train");
    private static readonly string TrainMasks = Path.Combine(SharedData.NeuSeg, "masks", "train");

    [Fact]
    public void Decodes_a_neu_seg_jpeg_to_200x200_grayscale_with_real_texture()
    {
        var image = ImageDecoder.DecodeGrayscale(File.ReadAllBytes(Path.Combine(TrainImages, "000001.jpg")));

        Assert.Equal(200, image.Width);
        Assert.Equal(200, image.Height);
        Assert.Equal(200 * 200, image.Pixels.Length);
        // A steel surface photo, not a blank: the grey levels spread over a real range.
        Assert.True(image.Pixels.Max() - image.Pixels.Min() > 50, "expected a textured image");
    }

    [Fact]
    public void Decodes_the_matching_mask_png_with_defect_pixels()
    {
        var mask = ImageDecoder.DecodeGrayscale(File.ReadAllBytes(Path.Combine(TrainMasks, "000001.png")));

        Assert.Equal((200, 200), (mask.Width, mask.Height));
        Assert.Contains(mask.Pixels, value => value > 0);
        Assert.Contains(mask.Pixels, value => value == 0);
    }

    [Fact]
    public void Refuses_bytes_that_are_not_an_image()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale("not an image at all"u8));
        Assert.Contains("could not be decoded", error.Message);
    }

    [Fact]
    public void Refuses_empty_input()
    {
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Refuses_images_over_the_side_limit()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TrainImages, "000001.jpg"));
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale(bytes, new ImageLimits(MaxSide: 100)));
        Assert.Contains("200x200", error.Message);
    }

    [Fact]
    public void Refuses_a_decompression_bomb_from_its_header_before_decoding()
    {
        // 9000 x 8000 zero pixels: 72 MB to decode from a PNG of a few tens of KB, within the side limit.
        byte[] bomb;
        using (var zeros = new OpenCvSharp.Mat(8000, 9000, OpenCvSharp.MatType.CV_8UC1, OpenCvSharp.Scalar.All(0)))
            bomb = zeros.ImEncode(".png");
        Assert.True(bomb.Length < 1_000_000, $"the bomb is {bomb.Length:N0} bytes");

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGrayscale(bomb, new ImageLimits(MaxPixels: 64L * 1024 * 1024)));
        Assert.Contains("declares 9000x8000 = 72,000,000 pixels", error.Message);
        var mask = Assert.Throws<DefectRefine.Masks.MaskFormatException>(() => DefectRefine.Masks.MaskPng.Decode(bomb));
        Assert.Contains("72,000,000 pixels", mask.Message);
    }
}
