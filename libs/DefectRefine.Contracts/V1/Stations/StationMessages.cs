namespace DefectRefine.Contracts.V1.Stations;

// What a labelling station and the LabelGateway's hub exchange over SignalR. Roles of candidates are never sent: the
// expert must not be able to tell hardest positives from hardest negatives.

/// <summary>A patch shown to the expert. <paramref name="Index"/> is -1 for the anchor, else the candidate index an answer uses.</summary>
public sealed record StationPatch(int Index, Guid ImageId, int X, int Y, bool LabelShown);

/// <summary>A query leased to this station until <paramref name="LeaseExpiresAt"/>; candidates in display order (shuffled).</summary>
public sealed record StationQuery(
    Guid QueryId,
    Guid LeaseId,
    Guid ProjectId,
    int Session,
    string ModelVersion,
    int PatchSize,
    string Granularity,
    DateTimeOffset LeaseExpiresAt,
    StationPatch Anchor,
    IReadOnlyList<StationPatch> Candidates);

/// <summary>The result of asking for a query: a query, or why there is none right now (training, mining, paused).</summary>
public sealed record NextQueryResult(StationQuery? Query, string? WaitReason);

/// <summary>A middle-click on the defect inside a patch (absolute image pixels); <paramref name="Candidate"/> -1 is the anchor.</summary>
public sealed record StationShift(int Candidate, int X, int Y);

/// <summary>
/// An expert's answer: the anchor's label after any correction, the candidates marked "same as anchor", and the
/// defects clicked (shift granularity only).
/// </summary>
public sealed record StationAnswer(Guid QueryId, Guid LeaseId, bool AnchorDefect, IReadOnlyList<int> SameAsAnchor, IReadOnlyList<StationShift> Shifts);

/// <summary>
/// Whether an answer was kept; when not, <paramref name="Reason"/> says why and nothing was written. The counts are
/// the session's as in <see cref="Loop.ProjectStatus"/> (late answers included in <paramref name="AnswersThisSession"/>).
/// </summary>
public sealed record AnswerReceipt(bool Accepted, string? Reason, Guid QueryId, int Session, int AnswersThisSession, int SessionTarget, int ImagesChanged,
    int LateAnswersThisSession = 0);

/// <summary>An undo's outcome; <paramref name="ImagesRestored"/> are the images whose masks it reverted.</summary>
public sealed record UndoReceipt(bool Undone, string? Reason, Guid? QueryId, int AnswersThisSession, int LateAnswersThisSession = 0, int SessionTarget = 0,
    IReadOnlyList<Guid>? ImagesRestored = null);
