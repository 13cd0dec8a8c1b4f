namespace DefectRefine.Learning.Training;

/// <summary>The loss stopped being a finite number: the weights are unusable and the phase must not be kept.</summary>
public sealed class TrainingDivergedException(int step, double loss)
    : InvalidOperationException($"Training diverged: the loss was {loss} at step {step}; the model was not kept.")
{
    public int Step { get; } = step;
    public double Loss { get; } = loss;
}
