namespace DefectRefine.Trainer.Training;

/// <summary>The "Trainer" configuration section.</summary>
public sealed class TrainerOptions
{
    /// <summary>How often a running round publishes its progress.</summary>
    public double ProgressSeconds { get; set; } = 2;

    /// <summary>Use CUDA when the build and the machine have it.</summary>
    public bool AllowCuda { get; set; } = true;
}
