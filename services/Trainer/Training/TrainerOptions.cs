namespace DefectRefine.Trainer.Training;

/// <summary>The "Trainer" configuration section.</summary>
public sealed class TrainerOptions
{
    /// <summary>How often a running round publishes its progress.</summary>
    public double ProgressSeconds { get; set; } = 2;

    /// <summary>Use CUDA when the build and the machine have it.</summary>
    public bool AllowCuda { get; set; } = true;

    /// <summary>How many times a round whose loss diverges (NaN or infinite) is trained, with other batches, before it fails.</summary>
    public int DivergedAttempts { get; set; } = 3;

    /// <summary>Steps of the pixel model's first round (a fresh model), per fold model; see PixelRoundTrainer and docs/evaluation.md.</summary>
    public int PixelInitialSteps { get; set; } = 1200;

    /// <summary>Steps of each later round, continuing from the previous round's pixel model.</summary>
    public int PixelRoundSteps { get; set; } = 750;

    /// <summary>
    /// Fold models for a project's first pixel model: each maps the images whose noisy first-guess targets it did not
    /// learn (CrossFitting; docs/evaluation.md). A project keeps its first model's count. 1 is one model for all.
    /// </summary>
    public int PixelFolds { get; set; } = 2;

    /// <summary>Channels of the pixel model's half-resolution stage (PixelNetConfig.Width) for a project's first pixel model.</summary>
    public int PixelWidth { get; set; } = 16;
}
