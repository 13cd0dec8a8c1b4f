using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.Contracts.V1.Loop;

// The events of a project's loop stream (stream id = project id). Every phase change is one of them, so the loop's
// own history is as replayable as the masks': which session a mask change belongs to, which model proposed it.

public sealed record ProjectCreated(Guid ProjectId, string Name, Guid DatasetId, ProjectSettings Settings, string CreatedBy, DateTimeOffset At);

/// <summary>Training round <paramref name="Round"/> was asked for (round 0 is the initial model).</summary>
public sealed record TrainingRequested(Guid ProjectId, int Round, TrainingReason Reason, int Session, string RequestedBy, DateTimeOffset At);

/// <summary>The Trainer reported round <paramref name="Round"/> done; the loop moved on to mining with its model.</summary>
public sealed record TrainingRoundCompleted(Guid ProjectId, int Round, string ModelVersion, int Steps, double FinalLoss, double Seconds, DateTimeOffset At);

/// <summary>Round <paramref name="Round"/> failed for good: the loop waits in training until an admin retries it.</summary>
public sealed record TrainingRoundFailed(Guid ProjectId, int Round, string Reason, DateTimeOffset At);

/// <summary>
/// Attempt <paramref name="Attempt"/> of round <paramref name="Round"/> ended without a model: an unexpected error in
/// the Trainer, a Trainer that died with it, or no word from any Trainer for the watchdog's resend period.
/// <paramref name="SentAgain"/>: the round's request was sent again with this event (false when the broker had already
/// redelivered it to another Trainer).
/// </summary>
public sealed record TrainingAttemptFailed(Guid ProjectId, int Round, int Attempt, string Reason, bool SentAgain, DateTimeOffset At);

/// <summary>The Miner had queries ready for <paramref name="ModelVersion"/>: labelling session <paramref name="Session"/> began.</summary>
public sealed record SessionStarted(Guid ProjectId, int Session, string ModelVersion, DateTimeOffset At);

/// <summary>An image stream reached <paramref name="Version"/> by an answer (or its undo).</summary>
public sealed record ImageVersion(Guid ImageId, long Version);

/// <summary>
/// An answer was applied: appended in the same transaction as the refinement events it caused, so the count of
/// answers and the masks can never disagree.
/// </summary>
public sealed record AnswerRecorded(Guid ProjectId, Guid QueryId, int Session, string ModelVersion, LabelAuthor Author, DateTimeOffset At, IReadOnlyList<ImageVersion> Versions);

/// <summary>A station took its last answer back; <paramref name="Versions"/> are the reverts' versions.</summary>
public sealed record AnswerUndone(Guid ProjectId, Guid QueryId, int Session, LabelAuthor Author, DateTimeOffset At, IReadOnlyList<ImageVersion> Versions);

public sealed record LoopPaused(Guid ProjectId, string By, DateTimeOffset At);

public sealed record LoopResumed(Guid ProjectId, string By, DateTimeOffset At);
