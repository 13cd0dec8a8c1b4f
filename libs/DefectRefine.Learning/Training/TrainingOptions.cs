using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Training;

/// <summary>
/// One training phase. It stops at the first of: convergence (the mean loss of the last <see cref="ConvergenceWindow"/>
/// steps improved on the window before it by less than <see cref="ConvergenceTolerance"/>, after
/// <see cref="MinSteps"/>), <see cref="MaxSteps"/>, or <see cref="TimeBudget"/>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>128 triplets' worth of patches, the paper's batch.</summary>
    public int BatchSize { get; init; } = 384;

    public int MaxSteps { get; init; } = 400;
    public int MinSteps { get; init; } = 60;
    public int ConvergenceWindow { get; init; } = 30;
    public double ConvergenceTolerance { get; init; } = 0.01;
    public TimeSpan? TimeBudget { get; init; }
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Constant, or a warm-up to <see cref="LearningRate"/> then a cosine decay to 0 at <see cref="MaxSteps"/>. A fixed
    /// budget ends on a settled model with the decay instead of wherever the last constant-rate step left it.
    /// </summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Share of <see cref="MaxSteps"/> spent warming up under <see cref="LearningRateSchedule.WarmupCosine"/>.</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>The triplet margin α on squared distances between unit-length embeddings (which lie in [0, 4]).</summary>
    public double Margin { get; init; } = 0.2;

    public double TripletWeight { get; init; } = 1.0;
    public SampleSource Source { get; init; } = SampleSource.Mask;
    public double? DefectFraction { get; init; } = 0.5;
    public double VerifiedFraction { get; init; } = 0.5;

    /// <summary>Random horizontal and vertical flips of the batch's patches.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// The images' defect share when the sampler cannot see their masks: the Trainer service trains on coordinates the
    /// Sampler drew and sends the share with them. Null: taken from the sampler.
    /// </summary>
    public double? PriorDefectShare { get; init; }

    public int ProgressEverySteps { get; init; } = 10;
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (BatchSize < 4)
            throw new ArgumentException($"BatchSize must be at least 4, not {BatchSize}.");
        if (MaxSteps < 1 || MinSteps < 0 || ConvergenceWindow < 1)
            throw new ArgumentException("MaxSteps must be positive, MinSteps non-negative and ConvergenceWindow positive.");
        if (LearningRate is <= 0 or > 1)
            throw new ArgumentException($"LearningRate must be in (0, 1], not {LearningRate}.");
        if (WarmupFraction is < 0 or >= 1 || double.IsNaN(WarmupFraction))
            throw new ArgumentException($"WarmupFraction must be in [0, 1), not {WarmupFraction}.");
        if (Margin < 0)
            throw new ArgumentException($"Margin must not be negative, not {Margin}.");
        if (PriorDefectShare is < 0 or > 1 || (PriorDefectShare is { } share && double.IsNaN(share)))
            throw new ArgumentException($"PriorDefectShare must be null or in [0, 1], not {PriorDefectShare}.");
        if (ProgressEverySteps < 1)
            throw new ArgumentException($"ProgressEverySteps must be positive, not {ProgressEverySteps}.");
    }

    /// <summary>The learning rate of step <paramref name="step"/> (0-based) under <see cref="Schedule"/>.</summary>
    public double LearningRateAt(int step)
    {
        if (Schedule == LearningRateSchedule.Constant)
            return LearningRate;
        var warmup = (int)Math.Round(WarmupFraction * MaxSteps);
        if (step < warmup)
            return LearningRate * (step + 1) / warmup;
        var progress = Math.Clamp((step - warmup + 1) / (double)Math.Max(1, MaxSteps - warmup), 0, 1);
        return LearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    public SamplingOptions Sampling => new()
    {
        Count = BatchSize,
        Source = Source,
        DefectFraction = DefectFraction,
        VerifiedFraction = VerifiedFraction,
    };
}

public enum LearningRateSchedule
{
    Constant,

    /// <summary>Linear warm-up over <see cref="TrainingOptions.WarmupFraction"/> of the steps, then cosine decay to 0.</summary>
    WarmupCosine,
}
