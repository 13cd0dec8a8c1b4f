namespace DefectRefine.Masks.Simulation;

/// <summary>
/// SIMULATION parameters for <see cref="ExpertRoiSynthesiser"/>: how loosely a simulated expert draws boxes around the
/// true defects. Every value is recorded in <see cref="SimulatedRoi.Parameters"/>.
/// </summary>
public sealed record ExpertRoiOptions
{
    public ulong Seed { get; init; } = 1;

    /// <summary>Experts draw one to three boxes: the closest boxes are merged until at most this many remain.</summary>
    public int MaxBoxes { get; init; } = 3;

    /// <summary>Each side of a box moves out by a random fraction of the box's extent, drawn in [Min, Max] ...</summary>
    public double MinMarginFraction { get; init; } = 0.10;

    public double MaxMarginFraction { get; init; } = 0.30;

    /// <summary>... plus a random number of pixels in [Min, Max], so tiny defects get a visible box too.</summary>
    public int MinMarginPixels { get; init; } = 2;

    public int MaxMarginPixels { get; init; } = 6;

    /// <summary>Boxes this close (gap in pixels along both axes) or overlapping are drawn as one.</summary>
    public int MergeDistance { get; init; } = 10;

    /// <summary>Defects smaller than this fraction of the image area may be overlooked ...</summary>
    public double MissBelowAreaFraction { get; init; } = 0.002;

    /// <summary>... each independently with this probability (never all defects of an image).</summary>
    public double MissProbability { get; init; } = 0.5;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBoxes, 1, nameof(MaxBoxes));
        ArgumentOutOfRangeException.ThrowIfNegative(MinMarginPixels, nameof(MinMarginPixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMarginPixels, MinMarginPixels, nameof(MaxMarginPixels));
        ArgumentOutOfRangeException.ThrowIfNegative(MergeDistance, nameof(MergeDistance));
        if (!(MinMarginFraction >= 0 && MaxMarginFraction >= MinMarginFraction && MaxMarginFraction <= 10))
            throw new ArgumentOutOfRangeException(nameof(MaxMarginFraction), "Margin fractions must satisfy 0 <= Min <= Max <= 10.");
        if (!(MissBelowAreaFraction is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(MissBelowAreaFraction), MissBelowAreaFraction, "Must lie in [0, 1].");
        if (!(MissProbability is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(MissProbability), MissProbability, "Must lie in [0, 1].");
    }
}
