namespace DefectRefine.Learning.Sampling;

/// <summary>
/// Draws labelled patch centres for training (from the current masks, the expert-verified set, or both) and
/// unlabelled-by-expert pools for mining. Mask counts are taken when the sampler is built; call
/// <see cref="Recount"/> after editing a mask so that the balance follows the edit. Labels are always read from
/// the mask at the moment of drawing. All randomness comes from the caller's <see cref="Random"/>, in a fixed order,
/// so a seed reproduces the samples.
/// </summary>
public sealed class PatchSampler
{
    private readonly SamplingImage[] _images;
    private readonly LabelledCentre[] _verified;
    private readonly int[] _verifiedDefects;
    private readonly int[] _verifiedBackground;
    private MaskPixelIndex _masks;

    public PatchSampler(IReadOnlyList<LearningImage> images, IReadOnlyList<LabelledCentre> verified)
        : this(ForSampling(images), verified)
    {
    }

    public PatchSampler(IReadOnlyList<SamplingImage> images, IReadOnlyList<LabelledCentre> verified)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(verified);
        _images = [.. images];
        var byId = new Dictionary<Guid, SamplingImage>(_images.Length);
        for (var i = 0; i < _images.Length; i++)
        {
            var image = _images[i] ?? throw new ArgumentException($"Image {i} is null.", nameof(images));
            if (!byId.TryAdd(image.Id, image))
                throw new ArgumentException($"Image {image.Id} appears more than once.", nameof(images));
            if (image.Mask is { } mask && (mask.Width != image.Width || mask.Height != image.Height))
                throw new ArgumentException(
                    $"Image {image.Id} is {image.Width}x{image.Height} but its mask is {mask.Width}x{mask.Height}.", nameof(images));
        }

        _verified = [.. verified];
        for (var i = 0; i < _verified.Length; i++)
        {
            var sample = _verified[i];
            if (!byId.TryGetValue(sample.ImageId, out var image))
                throw new ArgumentException($"Verified sample {i} refers to image {sample.ImageId}, which is not among the images.", nameof(verified));
            if (sample.X < 0 || sample.Y < 0 || sample.X >= image.Width || sample.Y >= image.Height)
                throw new ArgumentException(
                    $"Verified sample {i} at ({sample.X}, {sample.Y}) lies outside the {image.Width}x{image.Height} image {image.Id}.", nameof(verified));
        }
        _verifiedDefects = [.. Enumerable.Range(0, _verified.Length).Where(i => _verified[i].Defect)];
        _verifiedBackground = [.. Enumerable.Range(0, _verified.Length).Where(i => !_verified[i].Defect)];
        _masks = MaskPixelIndex.Build(_images);
    }

    public int VerifiedCount => _verified.Length;

    /// <summary>Whether any image has a mask to draw from.</summary>
    public bool HasMasks => !_masks.IsEmpty;

    private static SamplingImage[] ForSampling(IReadOnlyList<LearningImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return [.. images.Select((image, i) => image?.ForSampling() ?? throw new ArgumentException($"Image {i} is null.", nameof(images)))];
    }

    /// <summary>Share of defect pixels in the masks (0 without masks): the prior a uniform draw would see.</summary>
    public double MaskDefectShare => _masks.PixelCount == 0 ? 0 : _masks.DefectCount / (double)_masks.PixelCount;

    /// <summary>Share of defects among the verified samples (0 when there are none).</summary>
    public double VerifiedDefectShare => _verified.Length == 0 ? 0 : _verifiedDefects.Length / (double)_verified.Length;

    /// <summary>Counts the masks again, after they were edited in place, so that sampling follows their new content.</summary>
    public void Recount() => _masks = MaskPixelIndex.Build(_images);

    /// <summary>
    /// <see cref="SamplingOptions.Count"/> labelled centres in random order. Balanced by
    /// <see cref="SamplingOptions.DefectFraction"/> where both labels exist; where only one exists, all come from it.
    /// For <see cref="SampleSource.Both"/>, an empty verified set (or no masks) leaves the other source to supply all.
    /// </summary>
    public IReadOnlyList<LabelledCentre> Sample(SamplingOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var masks = _masks;
        var fromVerified = options.Source switch
        {
            SampleSource.Mask => 0,
            SampleSource.Verified => options.Count,
            _ when _verified.Length == 0 => 0,
            _ when masks.IsEmpty => options.Count,
            _ => StochasticRound(options.VerifiedFraction * options.Count, random),
        };
        if (fromVerified > 0 && _verified.Length == 0)
            throw new InvalidOperationException("There are no verified samples to draw from yet.");
        if (fromVerified < options.Count && masks.IsEmpty)
            throw new InvalidOperationException(
                $"None of the {_images.Length} images has a mask to draw from" +
                (options.Source == SampleSource.Both ? ", and there are no verified samples either." : "."));

        var samples = new LabelledCentre[options.Count];
        DrawVerified(samples.AsSpan(0, fromVerified), options.DefectFraction, random);
        DrawFromMasks(masks, samples.AsSpan(fromVerified), options.DefectFraction, random);
        // Both draws fill one label after the other; a batch should not be ordered by label or by source.
        random.Shuffle(samples);
        return samples;
    }

    /// <summary>
    /// <paramref name="count"/> centres uniform over every pixel of the masked images (so weighted by image area),
    /// labelled by the current mask: the pool that acquisition mines for queries.
    /// </summary>
    public IReadOnlyList<LabelledCentre> SamplePool(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        var masks = _masks;
        if (count == 0)
            return [];
        if (masks.IsEmpty)
            throw new InvalidOperationException($"None of the {_images.Length} images has a mask to draw a pool from.");
        var pool = new LabelledCentre[count];
        for (var i = 0; i < count; i++)
            pool[i] = masks.Pixel(random.NextInt64(masks.PixelCount));
        return pool;
    }

    private void DrawVerified(Span<LabelledCentre> target, double? defectFraction, Random random)
    {
        if (target.IsEmpty)
            return;
        if (defectFraction is not { } fraction || _verifiedDefects.Length == 0 || _verifiedBackground.Length == 0)
        {
            for (var i = 0; i < target.Length; i++)
                target[i] = _verified[random.Next(_verified.Length)];
            return;
        }
        var defects = StochasticRound(fraction * target.Length, random);
        for (var i = 0; i < target.Length; i++)
        {
            var from = i < defects ? _verifiedDefects : _verifiedBackground;
            target[i] = _verified[from[random.Next(from.Length)]];
        }
    }

    private static void DrawFromMasks(MaskPixelIndex masks, Span<LabelledCentre> target, double? defectFraction, Random random)
    {
        if (target.IsEmpty)
            return;
        if (defectFraction is not { } fraction)
        {
            for (var i = 0; i < target.Length; i++)
                target[i] = masks.Pixel(random.NextInt64(masks.PixelCount));
            return;
        }
        // "Balanced where possible": a mask set with a single label yields that label rather than failing.
        var defects = masks.DefectCount == 0 ? 0
            : masks.BackgroundCount == 0 ? target.Length
            : StochasticRound(fraction * target.Length, random);
        for (var i = 0; i < target.Length; i++)
        {
            var defect = i < defects;
            target[i] = masks.PixelOf(defect, random.NextInt64(masks.Count(defect)));
        }
    }

    /// <summary>Rounds up with probability equal to the fractional part, so that small counts are unbiased too.</summary>
    private static int StochasticRound(double value, Random random)
    {
        var floor = Math.Floor(value);
        return (int)floor + (random.NextDouble() < value - floor ? 1 : 0);
    }
}
