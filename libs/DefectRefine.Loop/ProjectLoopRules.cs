using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Loop;

/// <summary>
/// The loop's transitions. Each takes the current state and returns the events to append (none when the input is a
/// repeat or stale), or throws <see cref="LoopRuleException"/> for a command that does not fit the state.
/// </summary>
public static class ProjectLoopRules
{
    public static IReadOnlyList<object> Create(Guid projectId, string name, Guid datasetId, ProjectSettings settings, string createdBy, DateTimeOffset at)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new LoopRuleException("A project needs a name of 1 to 200 characters.");
        var problems = ProjectSettingsRules.Problems(settings);
        if (problems.Count > 0)
            throw new LoopRuleException("The project settings are not valid: " + string.Join(" ", problems));
        return
        [
            new ProjectCreated(projectId, name, datasetId, settings, createdBy, at),
            new TrainingRequested(projectId, 0, TrainingReason.Initial, 0, createdBy, at),
        ];
    }

    /// <summary>The answer, and the next training when it is the one that reaches the session's target.</summary>
    public static IReadOnlyList<object> RecordAnswer(ProjectLoop loop, Guid queryId, string modelVersion, LabelAuthor author, IReadOnlyList<ImageVersion> versions, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var events = new List<object> { new AnswerRecorded(loop.Id, queryId, loop.Session, modelVersion, author, at, versions) };
        if (loop.Phase == LoopPhase.Labelling && !loop.Paused && loop.AnswersOnTime + 1 == loop.Settings.SessionTarget)
            events.Add(new TrainingRequested(loop.Id, loop.Round + 1, TrainingReason.SessionComplete, loop.Session, author.User, at));
        return events;
    }

    public static IReadOnlyList<object> UndoAnswer(ProjectLoop loop, Guid queryId, int answeredInSession, LabelAuthor author, IReadOnlyList<ImageVersion> versions, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return [new AnswerUndone(loop.Id, queryId, answeredInSession, author, at, versions)];
    }

    /// <summary>Ends the session now. After a failed training it asks for the same round again.</summary>
    public static IReadOnlyList<object> RetrainNow(ProjectLoop loop, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return loop.Phase switch
        {
            LoopPhase.Training when loop.LastError is not null => [new TrainingRequested(loop.Id, loop.Round, TrainingReason.Retry, loop.Session, by, at)],
            LoopPhase.Training => throw new LoopRuleException($"Training round {loop.Round} is already running."),
            LoopPhase.Mining => throw new LoopRuleException($"Model {loop.ModelVersion} was just trained; its queries are being mined."),
            _ when loop.AnswersThisSession == 0 => throw new LoopRuleException($"Session {loop.Session} has no answers yet: a training would learn nothing new."),
            _ => [new TrainingRequested(loop.Id, loop.Round + 1, TrainingReason.RetrainNow, loop.Session, by, at)],
        };
    }

    /// <summary>Adopts the model of the running round; a report of another round (late, repeated) changes nothing.</summary>
    public static IReadOnlyList<object> CompleteTraining(ProjectLoop loop, ModelTrained trained, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(trained);
        if (loop.Phase != LoopPhase.Training || trained.Round != loop.Round)
            return [];
        return [new TrainingRoundCompleted(loop.Id, trained.Round, trained.ModelVersion, trained.Steps, trained.FinalLoss, trained.Seconds, at)];
    }

    public static IReadOnlyList<object> FailTraining(ProjectLoop loop, TrainingFailed failed, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(failed);
        if (loop.Phase != LoopPhase.Training || failed.Round != loop.Round || loop.LastError is not null)
            return [];
        return [new TrainingRoundFailed(loop.Id, failed.Round, failed.Reason, at)];
    }

    /// <summary>
    /// Counts a failed attempt of the running round (an unexpected error, a Trainer that died with it, a watchdog resend):
    /// the round is sent again (<paramref name="sendAgain"/>) until <paramref name="maxAttempts"/> attempts have failed,
    /// then it fails for good and waits for an admin's retry. A report of another round, or of a round that already
    /// failed, changes nothing.
    /// </summary>
    public static IReadOnlyList<object> FailTrainingAttempt(ProjectLoop loop, int round, string reason, bool sendAgain, int maxAttempts, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (loop.Phase != LoopPhase.Training || round != loop.Round || loop.LastError is not null)
            return [];
        var attempt = loop.FailedTrainingAttempts + 1;
        if (attempt < maxAttempts)
            return [new TrainingAttemptFailed(loop.Id, round, attempt, reason, sendAgain, at)];
        return
        [
            new TrainingAttemptFailed(loop.Id, round, attempt, reason, false, at),
            new TrainingRoundFailed(loop.Id, round, $"{reason} (gave up after {attempt} attempts)", at),
        ];
    }

    /// <summary>An admin's retry of a round that failed for good: the round is asked for again with a fresh count of attempts.</summary>
    public static IReadOnlyList<object> RetryTraining(ProjectLoop loop, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (loop.Phase != LoopPhase.Training || loop.LastError is null)
            throw new LoopRuleException($"No training round of this project has failed; the loop is {loop.Phase.ToString().ToLowerInvariant()}.");
        return [new TrainingRequested(loop.Id, loop.Round, TrainingReason.Retry, loop.Session, by, at)];
    }

    /// <summary>Starts the next session once the newest model's queries are ready.</summary>
    public static IReadOnlyList<object> QueriesReady(ProjectLoop loop, QueriesReady ready, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(ready);
        if (loop.Phase != LoopPhase.Mining || ready.ModelVersion != loop.ModelVersion || ready.Ready == 0)
            return [];
        return [new SessionStarted(loop.Id, loop.Session + 1, ready.ModelVersion, at)];
    }

    public static IReadOnlyList<object> Pause(ProjectLoop loop, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return loop.Paused ? throw new LoopRuleException("The project is already paused.") : [new LoopPaused(loop.Id, by, at)];
    }

    /// <summary>Resumes; a session that reached its target while paused goes on to training now.</summary>
    public static IReadOnlyList<object> Resume(ProjectLoop loop, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (!loop.Paused)
            throw new LoopRuleException("The project is not paused.");
        var events = new List<object> { new LoopResumed(loop.Id, by, at) };
        if (loop.Phase == LoopPhase.Labelling && loop.AnswersOnTime >= loop.Settings.SessionTarget)
            events.Add(new TrainingRequested(loop.Id, loop.Round + 1, TrainingReason.SessionComplete, loop.Session, by, at));
        return events;
    }

    /// <summary>What the Trainer is asked to do for the round just requested.</summary>
    public static SampleTrainingPatches TrainingCommand(ProjectLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var s = loop.Settings;
        var steps = loop.Round == 0 ? s.InitialTrainingSteps : s.SessionTrainingSteps;
        return new SampleTrainingPatches(loop.Id, loop.DatasetId, loop.Round, loop.Round == 0 ? LoopFeedback.Mask : s.Feedback, s.TrainingPoolSize,
            new TrainingPlan(s.PatchSize, s.ModelWidth, s.EmbeddingSize, steps, s.BatchSize, s.Seed + loop.Round));
    }

    public static MiningPlan MiningPlan(ProjectLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var s = loop.Settings;
        return new MiningPlan(s.Strategy, s.Anchor, s.QueryBuffer, s.MiningPoolSize, s.Seed);
    }

    /// <summary>Checkpoint names: unique per project and round, readable in the audit trail.</summary>
    public static string ModelVersionFor(Guid projectId, int round) =>
        $"{projectId.ToString("N")[..8]}-r{round.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)}";
}
