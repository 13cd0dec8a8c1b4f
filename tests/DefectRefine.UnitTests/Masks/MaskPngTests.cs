using DefectRefine.Imaging;
using DefectRefine.Masks;
using OpenCvSharp;

namespace DefectRefine.UnitTests.Masks;

public sealed class MaskPngTests
{
    [Fact]
    public void Encodes_an_8_bit_single_channel_png_of_0_and_255_that_decodes_to_the_same_mask()
    {
        var mask = InitialMasks.Noise(37, 23, seed: 5);

        var png = MaskPng.Encode(mask);

        using var decoded = Cv2.ImDecode(png, ImreadModes.Unchanged);
        Assert.Equal(MatType.CV_8UC1, decoded.Type());
        decoded.GetArray(out byte[] values);
        Assert.All(values, v => Assert.True(v is 0 or 255));
        Assert.Equal(mask, MaskPng.Decode(png));
    }

    [Fact]
    public void Reads_a_neu_class_index_mask_marking_every_pixel_above_zero()
    {
        var bytes = File.ReadAllBytes(Path.Combine(NeuMasks.TrainFolder, "000001.png"));
        var classes = ImageDecoder.DecodeGrayscale(bytes);

        var mask = MaskPng.Decode(bytes);

        Assert.Equal((200, 200), (mask.Width, mask.Height));
        Assert.Equal(classes.Pixels.Count(v => v > 0), mask.CountDefects());
        Assert.True(mask.CountDefects() > 0);
    }

    [Fact]
    public void Threshold_keeps_only_values_above_it()
    {
        byte[] pixels = [0, 1, 2, 3, 200, 255];
        var png = Encode(Mat.FromPixelData(1, 6, MatType.CV_8UC1, pixels));

        Assert.Equal(5, MaskPng.Decode(png).CountDefects());
        Assert.Equal(3, MaskPng.Decode(png, threshold: 2).CountDefects());
    }

    [Fact]
    public void Colour_masks_mark_a_pixel_when_any_colour_channel_is_above_the_threshold()
    {
        // BGR: black, dark red, pure green, pure blue.
        byte[] pixels = [0, 0, 0, 0, 0, 128, 0, 255, 0, 255, 0, 0];
        var mask = MaskPng.Decode(Encode(Mat.FromPixelData(1, 4, MatType.CV_8UC3, pixels)));

        Assert.Equal([false, true, true, true], Enumerable.Range(0, 4).Select(mask.Get));
    }

    [Fact]
    public void Alpha_is_not_a_colour()
    {
        // BGRA: opaque black is background; a transparent red pixel is still red.
        byte[] pixels = [0, 0, 0, 255, 0, 0, 255, 0];
        var mask = MaskPng.Decode(Encode(Mat.FromPixelData(1, 2, MatType.CV_8UC4, pixels)));

        Assert.Equal([false, true], Enumerable.Range(0, 2).Select(mask.Get));
    }

    [Fact]
    public void Sixteen_bit_masks_compare_their_full_values()
    {
        short[] pixels = [0, 1, 300, -1];
        var png = Encode(Mat.FromPixelData(1, 4, MatType.CV_16UC1, pixels));

        Assert.Equal([false, true, true, true], Enumerable.Range(0, 4).Select(MaskPng.Decode(png).Get));
        Assert.Equal([false, false, true, true], Enumerable.Range(0, 4).Select(MaskPng.Decode(png, threshold: 255).Get));
    }

    [Fact]
    public void Refuses_empty_input()
    {
        var error = Assert.Throws<MaskFormatException>(() => MaskPng.Decode([]));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Refuses_bytes_that_are_not_an_image()
    {
        var error = Assert.Throws<MaskFormatException>(() => MaskPng.Decode("definitely not a png"u8));
        Assert.Contains("could not be decoded", error.Message);
    }

    [Fact]
    public void Refuses_a_truncated_png()
    {
        var png = MaskPng.Encode(InitialMasks.Noise(64, 64, seed: 1));
        Assert.Throws<MaskFormatException>(() => MaskPng.Decode(png.AsSpan(0, png.Length / 2)));
    }

    [Fact]
    public void Refuses_masks_over_the_limits()
    {
        var png = MaskPng.Encode(new BinaryMask(200, 100));

        var side = Assert.Throws<MaskFormatException>(() => MaskPng.Decode(png, limits: new ImageLimits(MaxSide: 150)));
        Assert.Contains("200x100", side.Message);
        var bytes = Assert.Throws<MaskFormatException>(() => MaskPng.Decode(png, limits: new ImageLimits(MaxBytes: 10)));
        Assert.Contains("limit", bytes.Message);
    }

    private static byte[] Encode(Mat mat)
    {
        using (mat)
            return mat.ImEncode(".png");
    }
}
