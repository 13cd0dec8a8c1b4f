namespace DefectRefine.Masks.Simulation;

/// <summary>
/// SIMULATION parameters for <see cref="CoarseSegmentationSynthesiser"/>: how badly the simulated pre-trained model
/// segments. Every value is recorded in <see cref="SimulatedSegmentation.Parameters"/>.
/// </summary>
public sealed record CoarseSegmentationOptions
{
    public ulong Seed { get; init; } = 1;

    /// <summary>Standard deviation in pixels of the Gaussian blur: a weak model sees only coarse shapes.</summary>
    public double BlurSigma { get; init; } = 4.0;

    /// <summary>The blurred truth plus noise is thresholded here, shifted by a random amount in ±<see cref="ThresholdJitter"/>.</summary>
    public double Threshold { get; init; } = 0.5;

    public double ThresholdJitter { get; init; } = 0.1;

    /// <summary>Amplitude of a smooth random field added before thresholding: wobbly boundaries, parts missed or added.</summary>
    public double NoiseAmplitude { get; init; } = 0.35;

    /// <summary>Cell size in pixels of that field (its features are about this large).</summary>
    public int NoiseCellSize { get; init; } = 12;

    /// <summary>Components smaller than this fraction of the image area are dropped: the model never learnt rare small defects.</summary>
    public double DropBelowAreaFraction { get; init; } = 0.002;

    internal void Validate()
    {
        if (!(BlurSigma is >= 0 and <= 100))
            throw new ArgumentOutOfRangeException(nameof(BlurSigma), BlurSigma, "Must lie in [0, 100].");
        if (!(Threshold is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Must lie in [0, 1].");
        if (!(ThresholdJitter is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(ThresholdJitter), ThresholdJitter, "Must lie in [0, 1].");
        if (!(NoiseAmplitude is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(NoiseAmplitude), NoiseAmplitude, "Must lie in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseCellSize, 1, nameof(NoiseCellSize));
        if (!(DropBelowAreaFraction is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(DropBelowAreaFraction), DropBelowAreaFraction, "Must lie in [0, 1].");
    }
}
