using DefectRefine.Imaging;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.UnitTests.Learning.Sampling;

public sealed class PatchExtractorTests
{
    // 5 wide, 4 high, pixel (x, y) = 10 * y + x: every value names its own position.
    private static readonly GrayscaleImage _small = new(5, 4,
    [
        0, 1, 2, 3, 4,
        10, 11, 12, 13, 14,
        20, 21, 22, 23, 24,
        30, 31, 32, 33, 34,
    ]);

    [Theory]
    [InlineData(-1, 5, 1)]
    [InlineData(-2, 5, 2)]
    [InlineData(-4, 5, 4)]
    [InlineData(-5, 5, 3)]
    [InlineData(-8, 5, 0)]
    [InlineData(-9, 5, 1)]
    [InlineData(5, 5, 3)]
    [InlineData(6, 5, 2)]
    [InlineData(8, 5, 0)]
    [InlineData(9, 5, 1)]
    [InlineData(12, 5, 4)]
    [InlineData(13, 5, 3)]
    [InlineData(1000, 5, 0)]
    [InlineData(1005, 5, 3)]
    [InlineData(-1001, 5, 1)]
    [InlineData(int.MaxValue, 5, 1)]
    [InlineData(int.MinValue, 5, 0)]
    [InlineData(-1, 2, 1)]
    [InlineData(-2, 2, 0)]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(0, 1, 0)]
    [InlineData(-7, 1, 0)]
    [InlineData(12345, 1, 0)]
    [InlineData(3, 7, 3)]
    public void Reflect_follows_the_numpy_reflect_rule_for_any_index(int index, int length, int expected)
    {
        Assert.Equal(expected, PatchExtractor.Reflect(index, length));
    }

    [Fact]
    public void Reflect_agrees_with_mirroring_step_by_step_the_way_numpy_pads_beyond_one_reflection()
    {
        for (var length = 1; length <= 9; length++)
            for (var index = -60; index <= 60; index++)
                Assert.Equal(MirrorStepByStep(index, length), PatchExtractor.Reflect(index, length));
    }

    [Fact]
    public void Reflect_refuses_an_empty_axis()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.Reflect(0, 0));
    }

    [Fact]
    public void A_patch_fully_inside_is_copied_as_is()
    {
        float[] odd = Patch(_small, 2, 1, 3);
        float[] even = Patch(_small, 2, 2, 4);

        Assert.Equal(Scaled(1, 2, 3, 11, 12, 13, 21, 22, 23), odd);
        Assert.Equal(Scaled(0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33), even);
    }

    [Fact]
    public void An_even_patch_at_the_top_left_corner_mirrors_rows_and_columns_without_repeating_the_edge()
    {
        // Columns and rows -2..1 reflect to 2, 1, 0, 1; the centre pixel (0, 0) lands at index (2, 2).
        Assert.Equal(Scaled(
            22, 21, 20, 21,
            12, 11, 10, 11,
            2, 1, 0, 1,
            12, 11, 10, 11), Patch(_small, 0, 0, 4));
    }

    [Fact]
    public void An_odd_patch_at_the_bottom_right_corner_mirrors_past_the_last_row_and_column()
    {
        // Columns 2..6 reflect to 2, 3, 4, 3, 2; rows 1..5 to 1, 2, 3, 2, 1.
        Assert.Equal(Scaled(
            12, 13, 14, 13, 12,
            22, 23, 24, 23, 22,
            32, 33, 34, 33, 32,
            22, 23, 24, 23, 22,
            12, 13, 14, 13, 12), Patch(_small, 4, 3, 5));
    }

    [Fact]
    public void A_patch_larger_than_the_image_keeps_reflecting()
    {
        var tiny = new GrayscaleImage(2, 1, [7, 9]);

        // Columns -2..2 of [7, 9] reflect to 0, 1, 0, 1, 0; every row reflects to row 0.
        var patch = Patch(tiny, 0, 0, 5);

        Assert.Equal(Scaled(7, 9, 7, 9, 7), patch.AsSpan(0, 5).ToArray());
        Assert.Equal(patch.AsSpan(0, 5).ToArray(), patch.AsSpan(20, 5).ToArray());
    }

    [Fact]
    public void Extract_writes_only_the_first_size_squared_floats_of_a_longer_destination()
    {
        var destination = Enumerable.Repeat(-1f, 12).ToArray();

        PatchExtractor.Extract(_small, 1, 1, 3, destination);

        Assert.Equal(Scaled(0, 1, 2, 10, 11, 12, 20, 21, 22), destination[..9]);
        Assert.Equal([-1f, -1f, -1f], destination[9..]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(33)]
    public void The_window_of_the_reflect_padded_image_at_a_pixel_equals_the_patch_centred_there(int size)
    {
        var random = new Random(size);
        var image = RandomImage(random, 23, 17);
        var padded = PatchExtractor.PadReflect(image, size / 2);
        var paddedWidth = image.Width + (2 * (size / 2));
        var patch = new float[size * size];

        for (var trial = 0; trial < 200; trial++)
        {
            var (x, y) = (random.Next(image.Width), random.Next(image.Height));
            PatchExtractor.Extract(image, x, y, size, patch);
            for (var r = 0; r < size; r++)
                Assert.Equal(patch.AsSpan(r * size, size).ToArray(), padded.AsSpan(((y + r) * paddedWidth) + x, size).ToArray());
        }
    }

    [Fact]
    public void PadReflect_has_the_padded_shape_and_mirrors_the_corner()
    {
        var padded = PatchExtractor.PadReflect(_small, 2);

        Assert.Equal(9 * 8, padded.Length);
        Assert.Equal(22 / 255f, padded[0]);
        Assert.Equal(0f, padded[(2 * 9) + 2]);
        Assert.Equal(34 / 255f, padded[(5 * 9) + 6]);
        Assert.Equal(Scaled(0, 1, 2, 3, 4), PatchExtractor.PadReflect(_small, 0)[..5]);
    }

    [Fact]
    public void ExtractBatch_lays_patch_i_at_offset_i_times_size_squared()
    {
        var other = RandomImage(new Random(3), 9, 6);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var images = new Dictionary<Guid, GrayscaleImage> { [a] = _small, [b] = other };
        PatchCentre[] centres = [new(a, 0, 0), new(b, 8, 5), new(a, 2, 1)];

        var batch = PatchExtractor.ExtractBatch(centres, images, 4);

        Assert.Equal(3 * 16, batch.Length);
        Assert.Equal(Patch(_small, 0, 0, 4), batch[..16]);
        Assert.Equal(Patch(other, 8, 5, 4), batch[16..32]);
        Assert.Equal(Patch(_small, 2, 1, 4), batch[32..]);
    }

    [Fact]
    public void A_large_batch_extracted_in_parallel_matches_patch_by_patch_extraction()
    {
        var random = new Random(11);
        var id = Guid.NewGuid();
        var image = RandomImage(random, 40, 30);
        var centres = Enumerable.Range(0, 600).Select(_ => new PatchCentre(id, random.Next(40), random.Next(30))).ToArray();

        var batch = PatchExtractor.ExtractBatch(centres, new Dictionary<Guid, GrayscaleImage> { [id] = image }, 7);

        Assert.Equal(600 * 49, batch.Length);
        for (var i = 0; i < centres.Length; i++)
            Assert.Equal(Patch(image, centres[i].X, centres[i].Y, 7), batch[(i * 49)..((i + 1) * 49)]);
    }

    [Fact]
    public void ExtractBatch_of_no_centres_is_empty()
    {
        Assert.Empty(PatchExtractor.ExtractBatch([], new Dictionary<Guid, GrayscaleImage>(), 32));
    }

    [Fact]
    public void ExtractBatch_names_an_unknown_image()
    {
        var missing = Guid.NewGuid();
        var images = new Dictionary<Guid, GrayscaleImage> { [Guid.NewGuid()] = _small };

        var error = Assert.Throws<KeyNotFoundException>(() => PatchExtractor.ExtractBatch([new PatchCentre(missing, 0, 0)], images, 3));

        Assert.Contains(missing.ToString(), error.Message);
    }

    [Fact]
    public void ExtractBatch_refuses_a_centre_outside_its_image_even_in_a_parallel_batch()
    {
        var id = Guid.NewGuid();
        var centres = Enumerable.Range(0, 300).Select(i => new PatchCentre(id, i == 299 ? 5 : 0, 0)).ToArray();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PatchExtractor.ExtractBatch(centres, new Dictionary<Guid, GrayscaleImage> { [id] = _small }, 3));

        Assert.Contains("(5, 0)", error.Message);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(5, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 4)]
    public void Extract_refuses_a_centre_outside_the_image(int x, int y)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.Extract(_small, x, y, 3, new float[9]));

        Assert.Contains($"({x}, {y})", error.Message);
        Assert.Contains("5x4", error.Message);
    }

    [Fact]
    public void Extract_refuses_a_size_below_one_and_a_destination_too_short()
    {
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.Extract(_small, 0, 0, 0, new float[9]));
        var destination = Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.Extract(_small, 0, 0, 3, new float[8]));

        Assert.Equal("size", size.ParamName);
        Assert.Contains("needs 9 floats", destination.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.ExtractBatch([], new Dictionary<Guid, GrayscaleImage>(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.PadReflect(_small, -1));
    }

    private static float[] Patch(GrayscaleImage image, int x, int y, int size)
    {
        var patch = new float[size * size];
        PatchExtractor.Extract(image, x, y, size, patch);
        return patch;
    }

    private static float[] Scaled(params int[] pixels) => [.. pixels.Select(p => p / 255f)];

    private static GrayscaleImage RandomImage(Random random, int width, int height)
    {
        var pixels = new byte[width * height];
        random.NextBytes(pixels);
        return new GrayscaleImage(width, height, pixels);
    }

    /// <summary>numpy's own procedure for pads wider than the axis: mirror about whichever edge was crossed, again and again.</summary>
    private static int MirrorStepByStep(int index, int length)
    {
        if (length == 1)
            return 0;
        while (index < 0 || index >= length)
            index = index < 0 ? -index : (2 * (length - 1)) - index;
        return index;
    }
}
