namespace DefectRefine.Learning.Training;

/// <summary>
/// Where a training phase is: reported every few steps and at the end. <see cref="StepMs"/> is the compute of the
/// latest step (tensors, forward, loss, backward, optimiser), without sampling and patch extraction.
/// </summary>
public sealed record TrainingProgress(int Step, int MaxSteps, double Loss, double TripletLoss, double CrossEntropy, double Accuracy, TimeSpan Elapsed, double StepMs);

public enum TrainingStop
{
    Converged,
    StepBudget,
    TimeBudget,
}

/// <summary>
/// How a phase went. Loss and accuracy are means over its last 10 steps (one batch is noisy); accuracy is the label
/// head's agreement with the labels it was trained on, not with the truth.
/// </summary>
public sealed record TrainingMetrics(
    int Steps,
    TrainingStop StoppedBy,
    double FinalLoss,
    double FinalTripletLoss,
    double FinalCrossEntropy,
    double FinalAccuracy,
    double Seconds,
    double MeanStepMs,
    long PatchesSeen);
