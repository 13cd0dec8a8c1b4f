namespace DefectRefine.Learning.Sampling;

/// <summary>How many patch centres to draw and from where; every value is checked as it is set.</summary>
public sealed record SamplingOptions
{
    public required int Count
    {
        get;
        init => field = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Count), value, "The sample count must be positive.");
    }

    /// <summary>
    /// The share of samples with a defect centre when both labels exist, in [0, 1]. Null draws centres uniformly
    /// over all pixels, so the labels keep the masks' own proportion (the paper's small defects then almost never
    /// appear, which is why balancing is the default).
    /// </summary>
    public double? DefectFraction
    {
        get;
        init => field = value is null or (>= 0 and <= 1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DefectFraction), value, "The defect fraction must be null or lie in [0, 1].");
    } = 0.5;

    public SampleSource Source
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Source), value, $"Unknown sample source {(int)value}.");
    } = SampleSource.Mask;

    /// <summary>For <see cref="SampleSource.Both"/>: the share of <see cref="Count"/> drawn from the verified patches, in [0, 1].</summary>
    public double VerifiedFraction
    {
        get;
        init => field = value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(VerifiedFraction), value, "The verified fraction must lie in [0, 1].");
    } = 0.5;
}
