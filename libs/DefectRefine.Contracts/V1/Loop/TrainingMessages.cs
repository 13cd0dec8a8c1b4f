namespace DefectRefine.Contracts.V1.Loop;

/// <summary>What a training round runs: the model's shape (used when there is no parent yet) and the budget.</summary>
public sealed record TrainingPlan(int PatchSize, int ModelWidth, int EmbeddingSize, int Steps, int BatchSize, int Seed);

/// <summary>Command to the Sampler: draw the training pool of round <paramref name="Round"/> from <paramref name="Feedback"/>'s source.</summary>
public sealed record SampleTrainingPatches(Guid ProjectId, Guid DatasetId, int Round, LoopFeedback Feedback, int Count, TrainingPlan Plan);

/// <summary>
/// The Sampler's answer, for the Trainer. <paramref name="MaskDefectShare"/> is the share of defect pixels in the
/// current masks: the pool is balanced, so the Trainer needs it to calibrate the model's prior.
/// </summary>
public sealed record TrainingPatchesSampled(Guid ProjectId, Guid DatasetId, int Round, TrainingPlan Plan, double MaskDefectShare, IReadOnlyList<ImagePatchCentres> Patches);

/// <summary>
/// Published by the Trainer every few seconds of a training round, and once more when it ends, with
/// <paramref name="StoppedBy"/> set (see <see cref="TrainingStatus"/>): that last report is never skipped.
/// </summary>
public sealed record TrainingProgressed(Guid ProjectId, int Round, int Step, int MaxSteps, double Loss, double Accuracy, double ElapsedSeconds, string Trainer,
    string? StoppedBy = null);

/// <summary>Round <paramref name="Round"/> produced checkpoint <paramref name="ModelVersion"/>, stored before this was published.</summary>
public sealed record ModelTrained(
    Guid ProjectId,
    int Round,
    string ModelVersion,
    string? ParentVersion,
    int Steps,
    double FinalLoss,
    double FinalAccuracy,
    double Seconds,
    string Trainer,
    DateTimeOffset At);

/// <summary>
/// Round <paramref name="Round"/> ended without a model. An error the Trainer knows as a property of the round (bad
/// data, a diverged model) fails it at once; an <paramref name="Unexpected"/> one (any other exception: a database
/// error, a native library's) counts as one attempt, and the gateway sends the round again until
/// Gateway:TrainingMaxAttempts attempts have failed.
/// </summary>
public sealed record TrainingFailed(Guid ProjectId, int Round, string Reason, string Trainer, DateTimeOffset At, bool Unexpected = false);

/// <summary>
/// The broker handed a Trainer a round's request again: the replica that had it stopped without acknowledging it
/// (killed, out of memory). Counted as a failed attempt of the round; the redelivered request is trained, not resent.
/// </summary>
public sealed record TrainingRequestRedelivered(Guid ProjectId, int Round, string Trainer, DateTimeOffset At);
