using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Loop;

/// <summary>
/// A project's refinement loop, folded from its events (Marten keeps it as an inline snapshot of the project stream):
/// Training → Mining → Labelling → Training ... The decision methods never change the state; they return the events
/// to append, and an empty list when a report is stale or repeated, which is what makes every handler idempotent.
/// </summary>
public sealed class ProjectLoop
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public Guid DatasetId { get; set; }
    public ProjectSettings Settings { get; set; } = new();
    public LoopPhase Phase { get; set; }
    public bool Paused { get; set; }

    /// <summary>The labelling session running or last run; 0 before the first.</summary>
    public int Session { get; set; }

    /// <summary>Answers kept in this session, late ones included.</summary>
    public int AnswersThisSession { get; set; }

    /// <summary>
    /// Of <see cref="AnswersThisSession"/>, those recorded after the session had its target of answers or had ended
    /// (its training requested): answers to queries leased before that, kept but not counted toward the target.
    /// </summary>
    public int LateAnswersThisSession { get; set; }

    /// <summary>The queries of the late answers, so that undoing one takes back a late answer and not an on-time one.</summary>
    public Guid[] LateQueries { get; set; } = [];

    /// <summary>Answers kept in all sessions: recorded minus undone.</summary>
    public int AnswersTotal { get; set; }

    /// <summary>Answers taken back. Recorded = <see cref="AnswersTotal"/> + this, which is what the query buffer counts as answered.</summary>
    public int AnswersUndone { get; set; }

    /// <summary>The latest training round asked for; 0 is the initial model.</summary>
    public int Round { get; set; }

    /// <summary>The newest trained model; null until the initial training ends.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>The project's members and their role in it; a new array on every change, as <see cref="LateQueries"/>.</summary>
    public ProjectMember[] Members { get; set; } = [];

    public int TrainingsCompleted { get; set; }

    /// <summary>Attempts of the current round that ended without a model; reset when a round is requested (or retried).</summary>
    public int FailedTrainingAttempts { get; set; }

    /// <summary>Set when the current round failed for good: no command is sent again until an admin retries.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ChangedAt { get; set; }

    public void Apply(ProjectCreated e)
    {
        Id = e.ProjectId;
        Name = e.Name;
        DatasetId = e.DatasetId;
        Settings = e.Settings;
        CreatedAt = ChangedAt = e.At;
        Phase = LoopPhase.Training;
    }

    public void Apply(TrainingRequested e)
    {
        Phase = LoopPhase.Training;
        Round = e.Round;
        LastError = null;
        FailedTrainingAttempts = 0;
        ChangedAt = e.At;
    }

    public void Apply(TrainingRoundCompleted e)
    {
        Phase = LoopPhase.Mining;
        // A request still in flight when the round was given up on may yet bring its model: adopted, the failure is over.
        LastError = null;
        ModelVersion = e.ModelVersion;
        TrainingsCompleted++;
        ChangedAt = e.At;
    }

    public void Apply(TrainingRoundFailed e)
    {
        LastError = $"Training round {e.Round} failed: {e.Reason}";
        ChangedAt = e.At;
    }

    public void Apply(TrainingAttemptFailed e)
    {
        FailedTrainingAttempts = e.Attempt;
        ChangedAt = e.At;
    }

    public void Apply(SessionStarted e)
    {
        Phase = LoopPhase.Labelling;
        Session = e.Session;
        AnswersThisSession = 0;
        LateAnswersThisSession = 0;
        LateQueries = [];
        ChangedAt = e.At;
    }

    public void Apply(AnswerRecorded e)
    {
        // An answer to a query leased before the session ended is kept, in the session it arrives in; once the session
        // has its target (or was ended by a retrain) it is late: kept, but not counted toward the target.
        if (e.Session == Session && (Phase != LoopPhase.Labelling || AnswersThisSession - LateAnswersThisSession >= Settings.SessionTarget))
        {
            LateAnswersThisSession++;
            // A new array, never Add: Copy() shares it with the instance Marten applies the same events to on commit.
            LateQueries = [.. LateQueries, e.QueryId];
        }
        AnswersThisSession++;
        AnswersTotal++;
        ChangedAt = e.At;
    }

    public void Apply(AnswerUndone e)
    {
        if (e.Session == Session && AnswersThisSession > 0)
        {
            AnswersThisSession--;
            if (LateQueries.Contains(e.QueryId))
            {
                LateQueries = [.. LateQueries.Where(q => q != e.QueryId)];
                LateAnswersThisSession--;
            }
        }
        AnswersTotal--;
        AnswersUndone++;
        ChangedAt = e.At;
    }

    public void Apply(LoopPaused e)
    {
        Paused = true;
        ChangedAt = e.At;
    }

    public void Apply(LoopResumed e)
    {
        Paused = false;
        ChangedAt = e.At;
    }

    public void Apply(MembershipGranted e)
    {
        Members = [.. Members.Where(m => m.User != e.User), new ProjectMember(e.User, e.Role)];
        ChangedAt = e.At;
    }

    public void Apply(MembershipRevoked e)
    {
        Members = [.. Members.Where(m => m.User != e.User)];
        ChangedAt = e.At;
    }

    /// <summary>The role <paramref name="user"/> holds in the project by its stored members; null when none.</summary>
    public string? RoleOf(string user) => Members.FirstOrDefault(m => m.User == user)?.Role;

    /// <summary>
    /// A copy to apply new events to: the instance Marten hands out for writing is also the one its inline snapshot
    /// applies the appended events to on commit, so applying them to it first would count every answer twice.
    /// </summary>
    public ProjectLoop Copy() => (ProjectLoop)MemberwiseClone();

    /// <summary>Applies any event of a project stream (used to show the state a decision leads to before it is read back).</summary>
    public void ApplyEvent(object @event)
    {
        switch (@event)
        {
            case ProjectCreated e: Apply(e); break;
            case TrainingRequested e: Apply(e); break;
            case TrainingRoundCompleted e: Apply(e); break;
            case TrainingRoundFailed e: Apply(e); break;
            case TrainingAttemptFailed e: Apply(e); break;
            case SessionStarted e: Apply(e); break;
            case AnswerRecorded e: Apply(e); break;
            case AnswerUndone e: Apply(e); break;
            case LoopPaused e: Apply(e); break;
            case LoopResumed e: Apply(e); break;
            case MembershipGranted e: Apply(e); break;
            case MembershipRevoked e: Apply(e); break;
            default: throw new InvalidOperationException($"{@event.GetType().Name} is not an event of a project stream.");
        }
        Version++;
    }

    /// <summary>Stations get queries only while labelling and not paused; the reason otherwise is what they show.</summary>
    public string? WhyNoQueries() => Paused ? "The project is paused."
        : Phase switch
        {
            LoopPhase.Training when LastError is not null => $"{LastError} An admin can retry it.",
            LoopPhase.Training => $"Training round {Round} is running; queries follow when it ends.",
            LoopPhase.Mining => $"The Miner is choosing queries with model {ModelVersion}.",
            _ => null,
        };

    /// <summary>The answers that count toward the session's target.</summary>
    public int AnswersOnTime => AnswersThisSession - LateAnswersThisSession;

    public ProjectStatus ToStatus() => new(Id, Name, DatasetId, Phase, Paused, Session, AnswersThisSession, Settings.SessionTarget,
        AnswersTotal, Round, ModelVersion, TrainingsCompleted, LastError, Settings, ChangedAt, AnswersUndone, LateAnswersThisSession, FailedTrainingAttempts);
}
