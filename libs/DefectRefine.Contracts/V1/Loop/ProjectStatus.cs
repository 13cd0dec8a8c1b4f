namespace DefectRefine.Contracts.V1.Loop;

/// <summary>The latest training progress of a project, as stations and the status page show it.</summary>
public sealed record TrainingStatus(int Round, int Step, int MaxSteps, double Loss, double Accuracy, double ElapsedSeconds);

/// <summary>A project's loop as everyone sees it: the control panel of a station and the status page.</summary>
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
    DateTimeOffset ChangedAt);

/// <summary>Published after every change of a project's loop, to every gateway replica, so each can tell its stations.</summary>
public sealed record ProjectLoopChanged(ProjectStatus Status);
