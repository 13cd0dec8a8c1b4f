namespace DefectRefine.Learning.Pixel;

/// <summary>A pixel-model training phase: a fixed step budget of random crops under warm-up and cosine decay.</summary>
public sealed record PixelTrainingOptions
{
    public int Steps { get; init; } = 150;
    public int BatchSize { get; init; } = 8;

    /// <summary>Side of a training crop; smaller images are mirrored out to it with zero weight beyond their edge.</summary>
    public int CropSize { get; init; } = 96;

    public double LearningRate { get; init; } = 3e-3;

    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Weight of the soft Dice term beside the per-pixel cross-entropy.</summary>
    public double DiceWeight { get; init; }

    public TimeSpan? TimeBudget { get; init; }
    public int ProgressEverySteps { get; init; } = 25;
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (Steps < 1 || BatchSize < 1)
            throw new ArgumentException($"Steps and batch size must be positive, not {Steps} and {BatchSize}.");
        if (CropSize < 16 || CropSize % PixelNetConfig.Stride != 0)
            throw new ArgumentException($"Crop size must be a multiple of {PixelNetConfig.Stride} and at least 16, not {CropSize}.");
        if (LearningRate is <= 0 or > 1 || double.IsNaN(LearningRate))
            throw new ArgumentException($"Learning rate must be in (0, 1], not {LearningRate}.");
        if (WarmupFraction is < 0 or >= 1 || DiceWeight < 0)
            throw new ArgumentException("Warm-up fraction must be in [0, 1) and the Dice weight not negative.");
    }

    public double LearningRateAt(int step)
    {
        var warmup = (int)Math.Round(WarmupFraction * Steps);
        if (step < warmup)
            return LearningRate * (step + 1) / warmup;
        var progress = Math.Clamp((step - warmup + 1) / (double)Math.Max(1, Steps - warmup), 0, 1);
        return LearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
