using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Loop;

/// <summary>
/// Turns a committed change of a project's loop into the commands it calls for: a requested training goes to the
/// Sampler, a trained model's mining pool too, and every change is announced to all gateway replicas.
/// </summary>
public static class LoopCoordinator
{
    public static async Task AfterAsync(LoopChange change, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.Changed)
            return;
        await SendCommandsAsync(change.State, change.Events, publish, cancellationToken);
        await publish.Publish(new ProjectLoopChanged(change.State.ToStatus()), cancellationToken);
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

    private static async Task SendCommandsAsync(ProjectLoop state, IReadOnlyList<object> events, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        if (events.OfType<TrainingRequested>().Any() && state.Phase == LoopPhase.Training)
            await publish.Publish(ProjectLoopRules.TrainingCommand(state), cancellationToken);
        if (events.OfType<TrainingRoundCompleted>().Any() && state.Phase == LoopPhase.Mining)
            await publish.Publish(MiningCommand(state), cancellationToken);
    }
}
