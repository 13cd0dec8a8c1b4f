using DefectRefine.Imaging;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;
using DefectRefine.UnitTests.Masks;

namespace DefectRefine.UnitTests.Learning.Sampling;

public sealed class PatchSamplerTests
{
    [Fact]
    public void Balancing_draws_about_half_defects_from_a_mask_with_one_percent_and_labels_every_centre_by_the_mask()
    {
        var mask = InitialMasks.Noise(100, 100, seed: 4, defectFraction: 0.01);
        var image = Image(mask);
        Assert.InRange(mask.CountDefects(), 50, 150);

        var samples = new PatchSampler([image], []).Sample(new SamplingOptions { Count = 10_000 }, new Random(1));

        Assert.Equal(10_000, samples.Count);
        Assert.InRange(samples.Count(s => s.Defect), 4_500, 5_500);
        AssertLabelledByMasks(samples, image);
    }

    [Fact]
    public void Balanced_samples_come_in_random_order_not_grouped_by_label()
    {
        var image = Image(InitialMasks.Noise(50, 50, seed: 8, defectFraction: 0.3));

        var samples = new PatchSampler([image], []).Sample(new SamplingOptions { Count = 1_000 }, new Random(2));

        // Grouped labels would give a single change; a random order gives about half of the 999 neighbours differing.
        var changes = samples.Zip(samples.Skip(1)).Count(pair => pair.First.Defect != pair.Second.Defect);
        Assert.InRange(changes, 400, 600);
    }

    [Fact]
    public void Every_pixel_of_a_label_is_equally_likely_across_rows_and_images()
    {
        // Five defect pixels over two images, in different rows and in the same row.
        var first = Image(NeuMasks.Parse(
            "#....",
            ".....",
            "...#."));
        var second = Image(NeuMasks.Parse(
            ".#.#",
            "....",
            "...#"));

        var samples = new PatchSampler([first, second], []).Sample(new SamplingOptions { Count = 10_000, DefectFraction = 1 }, new Random(3));

        Assert.All(samples, s => Assert.True(s.Defect));
        var counts = samples.CountBy(s => (s.ImageId, s.X, s.Y)).ToDictionary();
        Assert.Equal(5, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 1_800, 2_200));
        AssertLabelledByMasks(samples, first, second);
    }

    [Fact]
    public void Without_a_defect_fraction_labels_keep_the_masks_own_proportion()
    {
        var mask = InitialMasks.Noise(100, 100, seed: 6, defectFraction: 0.2);
        var image = Image(mask);

        var samples = new PatchSampler([image], []).Sample(new SamplingOptions { Count = 10_000, DefectFraction = null }, new Random(4));

        var own = mask.CountDefects() / (double)mask.PixelCount;
        Assert.InRange(samples.Count(s => s.Defect) / 10_000.0, own - 0.02, own + 0.02);
        AssertLabelledByMasks(samples, image);
    }

    [Fact]
    public void A_mask_set_with_only_background_yields_only_background_and_with_only_defects_only_defects()
    {
        var background = Image(new BinaryMask(20, 10));
        var full = new BinaryMask(20, 10);
        full.Fill(new PixelBox(0, 0, 20, 10));

        var fromBackground = new PatchSampler([background], []).Sample(new SamplingOptions { Count = 500 }, new Random(5));
        var fromDefects = new PatchSampler([Image(full)], []).Sample(new SamplingOptions { Count = 500, DefectFraction = 0.1 }, new Random(5));

        Assert.All(fromBackground, s => Assert.False(s.Defect));
        Assert.All(fromDefects, s => Assert.True(s.Defect));
    }

    [Fact]
    public void Images_without_a_mask_are_never_sampled_from_the_masks()
    {
        var masked = Image(InitialMasks.Noise(10, 10, seed: 1));
        var unmasked = Image(null, 50, 50);
        var sampler = new PatchSampler([unmasked, masked], []);

        var samples = sampler.Sample(new SamplingOptions { Count = 2_000, DefectFraction = null }, new Random(6));
        var pool = sampler.SamplePool(2_000, new Random(6));

        Assert.All(samples.Concat(pool), s => Assert.Equal(masked.Id, s.ImageId));
    }

    [Fact]
    public void Sampling_masks_when_no_image_has_one_says_so()
    {
        var sampler = new PatchSampler([Image(null, 5, 5)], []);

        var error = Assert.Throws<InvalidOperationException>(() => sampler.Sample(new SamplingOptions { Count = 3 }, new Random(0)));

        Assert.Contains("has a mask", error.Message);
        Assert.Throws<InvalidOperationException>(() => sampler.SamplePool(3, new Random(0)));
        Assert.Empty(sampler.SamplePool(0, new Random(0)));
    }

    [Fact]
    public void Verified_sampling_draws_only_verified_samples_balanced_by_the_defect_fraction()
    {
        var (image, verified) = VerifiedOnUnmaskedImage(defects: 2, background: 18);
        var sampler = new PatchSampler([image], verified);

        var balanced = sampler.Sample(new SamplingOptions { Count = 4_000, Source = SampleSource.Verified }, new Random(7));
        var uniform = sampler.Sample(new SamplingOptions { Count = 4_000, Source = SampleSource.Verified, DefectFraction = null }, new Random(7));

        Assert.All(balanced.Concat(uniform), s => Assert.Contains(s, verified));
        Assert.InRange(balanced.Count(s => s.Defect), 1_800, 2_200);
        Assert.InRange(uniform.Count(s => s.Defect), 300, 500);
    }

    [Fact]
    public void Verified_sampling_keeps_the_expert_label_even_where_the_mask_disagrees()
    {
        var image = Image(new BinaryMask(4, 4));
        LabelledCentre[] verified = [new(image.Id, 1, 1, true)];

        var samples = new PatchSampler([image], verified).Sample(new SamplingOptions { Count = 10, Source = SampleSource.Verified }, new Random(8));

        Assert.All(samples, s => Assert.Equal(verified[0], s));
    }

    [Fact]
    public void Verified_sampling_with_no_verified_samples_says_so()
    {
        var sampler = new PatchSampler([Image(new BinaryMask(4, 4))], []);

        var error = Assert.Throws<InvalidOperationException>(() =>
            sampler.Sample(new SamplingOptions { Count = 10, Source = SampleSource.Verified }, new Random(9)));

        Assert.Contains("no verified samples", error.Message);
    }

    [Theory]
    [InlineData(0.25, 1_000)]
    [InlineData(0.5, 2_000)]
    [InlineData(1.0, 4_000)]
    [InlineData(0.0, 0)]
    public void Both_takes_the_verified_fraction_of_the_count_from_the_verified_set(double fraction, int expectedVerified)
    {
        var masked = Image(InitialMasks.Noise(30, 30, seed: 2));
        var (unmasked, verified) = VerifiedOnUnmaskedImage(defects: 5, background: 5);
        var sampler = new PatchSampler([masked, unmasked], verified);

        var samples = sampler.Sample(
            new SamplingOptions { Count = 4_000, Source = SampleSource.Both, VerifiedFraction = fraction }, new Random(10));

        // The verified samples live on an image without a mask, so the image tells the two sources apart.
        Assert.Equal(expectedVerified, samples.Count(s => s.ImageId == unmasked.Id));
        Assert.All(samples.Where(s => s.ImageId == unmasked.Id), s => Assert.Contains(s, verified));
        AssertLabelledByMasks(samples.Where(s => s.ImageId == masked.Id), masked);
    }

    [Fact]
    public void Both_with_an_empty_verified_set_draws_everything_from_the_masks()
    {
        var image = Image(InitialMasks.Noise(30, 30, seed: 3));

        var samples = new PatchSampler([image], []).Sample(
            new SamplingOptions { Count = 1_000, Source = SampleSource.Both, VerifiedFraction = 0.9 }, new Random(11));

        Assert.Equal(1_000, samples.Count);
        AssertLabelledByMasks(samples, image);
    }

    [Fact]
    public void Both_without_any_mask_draws_everything_from_the_verified_set()
    {
        var (image, verified) = VerifiedOnUnmaskedImage(defects: 3, background: 3);

        var samples = new PatchSampler([image], verified).Sample(
            new SamplingOptions { Count = 100, Source = SampleSource.Both, VerifiedFraction = 0.1 }, new Random(12));

        Assert.All(samples, s => Assert.Contains(s, verified));
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples_and_another_seed_different_ones()
    {
        var masked = Image(InitialMasks.Noise(40, 30, seed: 9, defectFraction: 0.1));
        var (unmasked, verified) = VerifiedOnUnmaskedImage(defects: 4, background: 6);
        var options = new SamplingOptions { Count = 500, Source = SampleSource.Both, VerifiedFraction = 0.3 };

        var first = new PatchSampler([masked, unmasked], verified).Sample(options, new Random(42));
        var second = new PatchSampler([masked, unmasked], verified).Sample(options, new Random(42));
        var other = new PatchSampler([masked, unmasked], verified).Sample(options, new Random(43));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        var sampler = new PatchSampler([masked], []);
        Assert.Equal(sampler.SamplePool(300, new Random(5)), sampler.SamplePool(300, new Random(5)));
    }

    [Fact]
    public void The_pool_is_uniform_over_pixels_so_a_larger_image_gets_proportionally_more()
    {
        var small = Image(InitialMasks.Noise(10, 10, seed: 1));
        var large = Image(InitialMasks.Noise(30, 10, seed: 2));

        var pool = new PatchSampler([small, large], []).SamplePool(8_000, new Random(13));

        Assert.Equal(8_000, pool.Count);
        Assert.InRange(pool.Count(s => s.ImageId == small.Id), 1_800, 2_200);
        AssertLabelledByMasks(pool, small, large);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchSampler([small], []).SamplePool(-1, new Random(0)));
    }

    [Fact]
    public void After_a_mask_is_edited_labels_still_follow_it_and_recounting_restores_the_balance()
    {
        var mask = InitialMasks.Noise(20, 20, seed: 5);
        var image = Image(mask);
        var sampler = new PatchSampler([image], []);
        for (var i = 0; i < mask.PixelCount; i++)
            mask.Set(i, i % 10 == 0);

        var stale = sampler.Sample(new SamplingOptions { Count = 1_000 }, new Random(14));
        AssertLabelledByMasks(stale, image);

        sampler.Recount();
        var fresh = sampler.Sample(new SamplingOptions { Count = 1_000 }, new Random(14));
        AssertLabelledByMasks(fresh, image);
        Assert.Equal(500, fresh.Count(s => s.Defect));
    }

    [Fact]
    public void Verified_samples_must_name_a_known_image_and_lie_inside_it()
    {
        var image = Image(new BinaryMask(8, 6));
        var stranger = Guid.NewGuid();

        var unknown = Assert.Throws<ArgumentException>(() => new PatchSampler([image], [new LabelledCentre(stranger, 0, 0, true)]));
        var outside = Assert.Throws<ArgumentException>(() => new PatchSampler([image], [new LabelledCentre(image.Id, 8, 0, true)]));

        Assert.Contains(stranger.ToString(), unknown.Message);
        Assert.Contains("(8, 0)", outside.Message);
        Assert.Contains("8x6", outside.Message);
    }

    [Fact]
    public void Images_must_have_distinct_ids_and_masks_of_their_own_size()
    {
        var image = Image(new BinaryMask(8, 6));
        var misfit = image with { Id = Guid.NewGuid(), Mask = new BinaryMask(6, 8) };

        var duplicate = Assert.Throws<ArgumentException>(() => new PatchSampler([image, image], []));
        var size = Assert.Throws<ArgumentException>(() => new PatchSampler([misfit], []));

        Assert.Contains("more than once", duplicate.Message);
        Assert.Contains("6x8", size.Message);
    }

    [Fact]
    public void A_thousand_noise_masks_are_sampled_without_listing_their_pixels()
    {
        var random = new Random(15);
        var images = Enumerable.Range(0, 1_000).Select(_ =>
        {
            // Random packed bits are a half-defect noise mask, made far faster than pixel by pixel.
            var packed = new byte[200 * 200 / 8];
            random.NextBytes(packed);
            return Image(BinaryMask.FromPackedBytes(200, 200, packed));
        }).ToArray();

        var sampler = new PatchSampler(images, []);
        var samples = Enumerable.Range(0, 20).SelectMany(_ => sampler.Sample(new SamplingOptions { Count = 384 }, random)).ToArray();

        Assert.Equal(20 * 384, samples.Length);
        Assert.InRange(samples.Count(s => s.Defect), (20 * 192) - 200, (20 * 192) + 200);
        AssertLabelledByMasks(samples, images);
    }

    [Fact]
    public void A_neu_seg_training_image_is_sampled_with_every_label_matching_its_true_mask()
    {
        var pixels = ImageDecoder.DecodeGrayscale(File.ReadAllBytes(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg")));
        var mask = MaskPng.Decode(File.ReadAllBytes(Path.Combine(SharedData.NeuSeg, "masks", "train", "000001.png")));
        var image = new LearningImage(Guid.NewGuid(), pixels, mask);

        var samples = new PatchSampler([image], []).Sample(new SamplingOptions { Count = 2_000 }, new Random(16));
        var patches = PatchExtractor.ExtractBatch([.. samples.Select(s => s.Centre)], new Dictionary<Guid, GrayscaleImage> { [image.Id] = pixels }, 33);

        AssertLabelledByMasks(samples, image);
        Assert.InRange(samples.Count(s => s.Defect), 900, 1_100);
        // With an odd size the centre pixel sits in the middle of each patch.
        for (var i = 0; i < samples.Count; i++)
            Assert.Equal(pixels[samples[i].X, samples[i].Y] / 255f, patches[(i * 33 * 33) + (16 * 33) + 16]);
    }

    private static LearningImage Image(BinaryMask? mask, int width = 0, int height = 0)
    {
        var (w, h) = mask is null ? (width, height) : (mask.Width, mask.Height);
        return new LearningImage(Guid.NewGuid(), new GrayscaleImage(w, h, new byte[w * h]), mask);
    }

    private static (LearningImage Image, LabelledCentre[] Verified) VerifiedOnUnmaskedImage(int defects, int background)
    {
        var image = Image(null, 20, 20);
        LabelledCentre[] verified = [.. Enumerable.Range(0, defects + background).Select(i => new LabelledCentre(image.Id, i % 20, i / 20, i < defects))];
        return (image, verified);
    }

    private static void AssertLabelledByMasks(IEnumerable<LabelledCentre> samples, params LearningImage[] images)
    {
        var masks = images.ToDictionary(image => image.Id, image => image.Mask!);
        Assert.All(samples, s => Assert.Equal(masks[s.ImageId][s.X, s.Y], s.Defect));
    }
}
