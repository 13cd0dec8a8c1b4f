using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using Marten;

namespace DefectRefine.LabelGateway.Loop;

/// <summary>
/// Turns a change of a project's loop into the messages it calls for: a requested training goes to the Sampler, a
/// trained model's mining pool too, and every change is announced to all gateway replicas. They are queued in the
/// change's own transaction (the outbox), so a committed change always sends them and a refused one never does.
/// </summary>
public static class LoopCoordinator
{
    public static IReadOnlyList<object> Messages(LoopChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.Changed)
            return [];
        var messages = new List<object>(3);
        var state = change.State;
        if ((change.Requested<TrainingRequested>() || change.Events.OfType<TrainingAttemptFailed>().Any(e => e.SentAgain))
            && state.Phase == LoopPhase.Training && state.LastError is null)
            messages.Add(ProjectLoopRules.TrainingCommand(state));
        if (change.Requested<TrainingRoundCompleted>() && state.Phase == LoopPhase.Mining)
            messages.Add(MiningCommand(state));
        messages.Add(new ProjectLoopChanged(state.ToStatus()));
        return messages;
    }

    /// <summary>Queues the change's messages on the session that commits it.</summary>
    public static void Enqueue(LabelStore.Outbox.Outbox outbox, IDocumentSession session, LoopChange change)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        foreach (var message in Messages(change))
            outbox.Enqueue(session, message);
    }

    /// <summary>The command the loop's current phase waits on; what the watchdog resends when it may have been lost.</summary>
    public static object? PendingCommand(ProjectLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return loop.Phase switch
        {
            LoopPhase.Training when loop.LastError is null => ProjectLoopRules.TrainingCommand(loop),
            LoopPhase.Mining when loop.ModelVersion is not null => MiningCommand(loop),
            _ => null,
        };
    }

    public static SampleMiningPool MiningCommand(ProjectLoop loop) =>
        new(loop.Id, loop.DatasetId, loop.ModelVersion ?? throw new InvalidOperationException("No model to mine with yet."), ProjectLoopRules.MiningPlan(loop));
}
