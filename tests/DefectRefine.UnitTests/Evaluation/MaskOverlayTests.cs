using DefectRefine.Evaluation;
using DefectRefine.Imaging;
using DefectRefine.Masks;
using OpenCvSharp;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class MaskOverlayTests
{
    [Fact]
    public void Each_panel_colours_agreement_false_defects_and_missed_defects_differently()
    {
        var image = new GrayscaleImage(4, 1, [100, 100, 100, 100]);
        var truth = new BinaryMask(4, 1);
        truth[0, 0] = true;
        truth[2, 0] = true;
        var mask = new BinaryMask(4, 1);
        mask[0, 0] = true; // agreement
        mask[1, 0] = true; // false defect

        using var decoded = Cv2.ImDecode(MaskOverlay.Render(image, truth, mask), ImreadModes.Color);

        Assert.Equal((4 + 4 + 4, 1), (decoded.Width, decoded.Height));
        Vec3b At(int x) => decoded.At<Vec3b>(0, x);
        Assert.Equal(new Vec3b(100, 100, 100), At(0)); // the image panel is the image
        var (agree, falseDefect, missed, background) = (At(8), At(9), At(10), At(11));
        Assert.True(agree.Item1 > agree.Item0 && agree.Item1 > agree.Item2, $"agreement is green: {agree}");
        Assert.True(falseDefect.Item2 > falseDefect.Item0 && falseDefect.Item2 > falseDefect.Item1, $"a false defect is red: {falseDefect}");
        Assert.True(missed.Item0 > missed.Item1 && missed.Item0 > missed.Item2, $"a missed defect is blue: {missed}");
        Assert.Equal(new Vec3b(100, 100, 100), background);
    }

    [Fact]
    public void A_mask_of_another_size_is_refused()
    {
        var image = new GrayscaleImage(4, 4, new byte[16]);
        var error = Assert.Throws<ArgumentException>(() => MaskOverlay.Render(image, new BinaryMask(4, 4), new BinaryMask(3, 4)));
        Assert.Contains("3×4", error.Message, StringComparison.Ordinal);
    }
}
