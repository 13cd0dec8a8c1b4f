using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Loop;

/// <summary>
/// The loop's state lives in PostgreSQL and its commands on the bus; if a command is lost between the two (a broker
/// restart, a crash after the commit), the phase would wait forever. Every replica therefore resends the command a
/// phase has waited on for too long. The Sampler, Trainer and Miner treat a repeat as a no-op (a stored checkpoint is
/// reported again, a full buffer is not refilled), so a resend is always safe. A training resend is a failed attempt
/// of the round, recorded in the project's stream with the command (so replicas agree on the count): after
/// <see cref="GatewayOptions.TrainingMaxAttempts"/> of them the round fails for good and nothing more is sent.
/// </summary>
public sealed class LoopWatchdog(ProjectLoops loops, LabelStore.Outbox.Outbox outbox, TrainingProgressCache progress, IBus bus, GatewayOptions options,
    ILogger<LoopWatchdog> log) : BackgroundService
{
    private readonly Dictionary<Guid, DateTimeOffset> _lastResent = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.WatchdogSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ResendStaleAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                log.LogWarning(error, "The loop watchdog could not check the projects; it tries again next tick.");
            }
        }
    }

    private async Task ResendStaleAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var staleBefore = now - TimeSpan.FromSeconds(options.ResendAfterSeconds);
        foreach (var loop in await loops.ListAsync(cancellationToken))
        {
            if (loop.ChangedAt > staleBefore || LoopCoordinator.PendingCommand(loop) is not { } command)
                continue;
            if (loop.Phase == LoopPhase.Training)
            {
                await ResendTrainingAsync(loop.Id, staleBefore, now, cancellationToken);
                continue;
            }
            // A slow mining is not lost: resend at most once per period, not on every tick.
            if (_lastResent.TryGetValue(loop.Id, out var resent) && resent > staleBefore && resent > loop.ChangedAt)
                continue;
            _lastResent[loop.Id] = now;
            log.LogWarning("Project {Project} has been in {Phase} since {Since:O}; sending {Command} again.", loop.Id, loop.Phase, loop.ChangedAt, command.GetType().Name);
            await bus.Publish(command, command.GetType(), cancellationToken);
        }
    }

    /// <summary>
    /// Decided on the stream as it is when written: another replica that resent meanwhile moved ChangedAt, and then this
    /// one finds the round fresh. A round whose Trainer still reports progress is long, not lost.
    /// </summary>
    private async Task ResendTrainingAsync(Guid projectId, DateTimeOffset staleBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seconds = options.ResendAfterSeconds;
        LoopChange change;
        try
        {
            change = await loops.ChangeAsync(projectId, loop =>
                loop.Phase != LoopPhase.Training || loop.ChangedAt > staleBefore || progress.LastHeard(loop.Id, loop.Round) > staleBefore
                    ? []
                    : ProjectLoopRules.FailTrainingAttempt(loop, loop.Round, $"No Trainer reported on round {loop.Round} for {seconds:0} s (the request was lost, or its Trainer died).",
                        sendAgain: true, options.TrainingMaxAttempts, now),
                cancellationToken, (session, c) => LoopCoordinator.Enqueue(outbox, session, c));
        }
        catch (LabelStoreException error) when (error.Failure == LabelStoreFailure.NotFound)
        {
            return;
        }
        if (!change.Changed)
            return;
        var state = change.State;
        if (state.LastError is not null)
            log.LogError("Project {Project}: {Error}", projectId, state.LastError);
        else
            log.LogWarning("Project {Project}: no word on training round {Round}; sent again (attempt {Attempt} of {Max}).",
                projectId, state.Round, state.FailedTrainingAttempts + 1, options.TrainingMaxAttempts);
        outbox.Wake();
    }
}
