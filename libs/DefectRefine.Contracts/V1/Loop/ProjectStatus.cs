namespace DefectRefine.Contracts.V1.Loop;

/// <summary>
/// The latest training progress of a project, as stations and the status page show it. <paramref name="StoppedBy"/> is
/// null while the round runs and says why it ended on its last report ("StepBudget", "Converged", "TimeBudget"): a
/// round may end before <paramref name="MaxSteps"/>, and then <paramref name="Step"/> is where it ended.
/// </summary>
public sealed record TrainingStatus(int Round, int Step, int MaxSteps, double Loss, double Accuracy, double ElapsedSeconds, string? StoppedBy = null);

/// <summary>
/// A project's loop as everyone sees it: the control panel of a station and the status page.
/// <paramref name="AnswersThisSession"/> counts the answers kept in this session, <paramref name="LateAnswersThisSession"/>
/// of them arrived after the session had reached its target (or was ended by a retrain): queries leased before that
/// are still answered, and kept, so no expert's work is lost, but they are shown apart ("50/50 (+2 late)").
/// <paramref name="AnswersTotal"/> counts the answers kept in all sessions (recorded minus undone);
/// <paramref name="AnswersUndone"/> the ones taken back. <paramref name="FailedTrainingAttempts"/> counts the attempts of
/// the current round that ended without a model; a round that failed for good has <paramref name="LastError"/> set in
/// phase Training, and waits for an admin's retry.
/// </summary>
public sealed record ProjectStatus(
    Guid ProjectId,
    string Name,
    Guid DatasetId,
    LoopPhase Phase,
    bool Paused,
    int Session,
    int AnswersThisSession,
    int SessionTarget,
    int AnswersTotal,
    int Round,
    string? ModelVersion,
    int TrainingsCompleted,
    string? LastError,
    ProjectSettings Settings,
    DateTimeOffset ChangedAt,
    int AnswersUndone = 0,
    int LateAnswersThisSession = 0,
    int FailedTrainingAttempts = 0);

/// <summary>Published after every change of a project's loop, to every gateway replica, so each can tell its stations.</summary>
public sealed record ProjectLoopChanged(ProjectStatus Status);
