using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

public sealed class CocoRleTests
{
    // 3 wide, 2 high. Down the columns: (0,0) (0,1) | (1,0) (1,1) | (2,0) (2,1) = . . | # # | # . → runs 2, 3, 1.
    private static readonly BinaryMask _small = NeuMasks.Parse(".##", ".#.");

    [Fact]
    public void Encodes_runs_down_the_columns()
    {
        Assert.Equal([2, 3, 1], CocoRle.Encode(_small));
        Assert.Equal(_small, CocoRle.Decode(3, 2, [2, 3, 1]));
    }

    [Fact]
    public void Starts_with_a_zero_run_when_the_first_pixel_is_a_defect()
    {
        Assert.Equal([0, 1, 3], CocoRle.Encode(NeuMasks.Parse("#.", "..")));
    }

    [Fact]
    public void Compresses_the_first_three_counts_as_they_are()
    {
        Assert.Equal("231", CocoRle.EncodeCompressed(_small));
        Assert.Equal(_small, CocoRle.DecodeCompressed(3, 2, "231"));
    }

    [Fact]
    public void Compresses_later_counts_as_the_difference_from_the_count_two_before()
    {
        // Counts 0 5 2 1 2: the fourth is written as 1 - 5 = -4, i.e. group 0b11100 with the sign bit: 48 + 28 = 'L';
        // the fifth as 2 - 2 = 0.
        var mask = CocoRle.Decode(2, 5, [0, 5, 2, 1, 2]);

        Assert.Equal("052L0", CocoRle.EncodeCompressed(mask));
        Assert.Equal([0, 5, 2, 1, 2], CocoRle.ParseCounts("052L0"));
        Assert.Equal(mask, CocoRle.DecodeCompressed(2, 5, "052L0"));
    }

    [Fact]
    public void Writes_large_counts_in_5_bit_groups_with_a_continuation_bit()
    {
        // 100 = 3 * 32 + 4: first group 4 | 0x20 (more) = 36 → 'T', then 3 → '3'.
        Assert.Equal("T3", CocoRle.FormatCounts([100]));
        Assert.Equal([100], CocoRle.ParseCounts("T3"));
    }

    [Theory]
    [InlineData(0, "05d00000000d?")]
    [InlineData(5, "R45d00000000b;")]
    [InlineData(20, "X`05d00000000")]
    public void Matches_the_strings_pycocotools_writes(int corner, string expected)
    {
        // pycocotools' encode of a 25x25 mask with a 5x5 square at (corner, corner), as published in test suites.
        var mask = InitialMasks.Roi(25, 25, [new PixelBox(corner, corner, 5, 5)]);

        Assert.Equal(expected, CocoRle.EncodeCompressed(mask));
        Assert.Equal(mask, CocoRle.DecodeCompressed(25, 25, expected));
    }

    [Fact]
    public void Round_trips_noise_and_neu_masks_in_both_forms()
    {
        var masks = NeuMasks.FirstTrain(5).Select(m => m.Mask)
            .Append(InitialMasks.Noise(17, 9, seed: 3))
            .Append(InitialMasks.Noise(200, 200, seed: 4, defectFraction: 0.01))
            .Append(new BinaryMask(4, 4))
            .Append(InitialMasks.Roi(4, 4, [new PixelBox(0, 0, 4, 4)]));
        foreach (var mask in masks)
        {
            Assert.Equal(mask, CocoRle.Decode(mask.Width, mask.Height, CocoRle.Encode(mask)));
            Assert.Equal(mask, CocoRle.DecodeCompressed(mask.Width, mask.Height, CocoRle.EncodeCompressed(mask)));
        }
    }

    [Fact]
    public void Refuses_counts_that_do_not_sum_to_the_pixel_count()
    {
        var shortBy = Assert.Throws<MaskFormatException>(() => CocoRle.Decode(3, 2, [2, 3]));
        Assert.Contains("sum to 5", shortBy.Message);
        Assert.Throws<MaskFormatException>(() => CocoRle.Decode(3, 2, [2, 3, 2]));
        Assert.Throws<MaskFormatException>(() => CocoRle.DecodeCompressed(3, 2, "23"));
    }

    [Fact]
    public void Refuses_negative_counts_and_malformed_strings()
    {
        Assert.Throws<MaskFormatException>(() => CocoRle.Decode(3, 2, [2, -1, 5]));
        // '~' is outside '0'..'o'; "T" ends while its continuation bit asks for more; "0L" decodes to -4 directly.
        Assert.Throws<MaskFormatException>(() => CocoRle.ParseCounts("2~1"));
        Assert.Throws<MaskFormatException>(() => CocoRle.ParseCounts("T"));
        Assert.Throws<MaskFormatException>(() => CocoRle.ParseCounts("0L"));
        Assert.Throws<MaskFormatException>(() => CocoRle.ParseCounts(new string('o', 20)));
    }
}
