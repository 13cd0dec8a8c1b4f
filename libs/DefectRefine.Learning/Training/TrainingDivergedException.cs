namespace DefectRefine.Learning.Training;

/// <summary>A phase ended with a loss that is not a finite number: its weights are unusable and must not be kept.</summary>
public sealed class TrainingDivergedException(int step, double loss)
    : InvalidOperationException($"Training diverged: the loss was {loss} at step {step}; the model was not kept.")
{
    public int Step { get; } = step;
    public double Loss { get; } = loss;
}
