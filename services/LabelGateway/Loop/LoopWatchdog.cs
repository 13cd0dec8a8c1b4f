using DefectRefine.LabelStore.Loop;
using MassTransit;

namespace DefectRefine.LabelGateway.Loop;

/// <summary>
/// The loop's state lives in PostgreSQL and its commands on the bus; if a command is lost between the two (a broker
/// restart, a crash after the commit), the phase would wait forever. Every replica therefore resends the command a
/// phase has waited on for too long. The Sampler, Trainer and Miner treat a repeat as a no-op (a stored checkpoint is
/// reported again, a full buffer is not refilled), so a resend is always safe.
/// </summary>
public sealed class LoopWatchdog(ProjectLoops loops, IBus bus, GatewayOptions options, ILogger<LoopWatchdog> log) : BackgroundService
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
            // A long training is not lost: resend at most once per period, not on every tick.
            if (loop.ChangedAt > staleBefore || LoopCoordinator.PendingCommand(loop) is not { } command
                || (_lastResent.TryGetValue(loop.Id, out var resent) && resent > staleBefore && resent > loop.ChangedAt))
                continue;
            _lastResent[loop.Id] = now;
            log.LogWarning("Project {Project} has been in {Phase} since {Since:O}; sending {Command} again.", loop.Id, loop.Phase, loop.ChangedAt, command.GetType().Name);
            await bus.Publish(command, command.GetType(), cancellationToken);
        }
    }
}
