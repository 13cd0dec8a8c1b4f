using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.LabelStore.Outbox;
using DefectRefine.Loop;

namespace DefectRefine.LabelGateway.Consumers;

/// <summary>
/// What the loop's consumers share: apply a report to a project's loop and queue what the change calls for in the
/// same transaction. A redelivered report changes nothing and sends nothing, and the first delivery's messages are
/// already in the outbox. A report about a project this store does not hold (another deployment's schema on the same
/// broker) is logged and dropped.
/// </summary>
public sealed class LoopReports(ProjectLoops loops, Outbox outbox, GatewayOptions options, ILogger<LoopReports> log)
{
    /// <summary>Counts a failed attempt of a round; at <see cref="GatewayOptions.TrainingMaxAttempts"/> the round fails for good.</summary>
    public Task FailAttemptAsync(Guid projectId, int round, string reason, bool sendAgain, string report, CancellationToken cancellationToken) =>
        ApplyAsync(projectId, report, loop => ProjectLoopRules.FailTrainingAttempt(loop, round, reason, sendAgain, options.TrainingMaxAttempts, DateTimeOffset.UtcNow),
            cancellationToken);

    public async Task ApplyAsync(Guid projectId, string report, Func<ProjectLoop, IReadOnlyList<object>> decide, CancellationToken cancellationToken)
    {
        LoopChange change;
        try
        {
            change = await loops.ChangeAsync(projectId, decide, cancellationToken, (session, c) => LoopCoordinator.Enqueue(outbox, session, c));
        }
        catch (LabelStoreException error) when (error.Failure == LabelStoreFailure.NotFound)
        {
            log.LogWarning("{Report} for project {Project} ignored: {Reason}", report, projectId, error.Message);
            return;
        }
        if (!change.Changed)
        {
            log.LogDebug("{Report} for project {Project} changed nothing (repeated or stale).", report, projectId);
            return;
        }
        outbox.Wake();
    }
}
