using DefectRefine.Contracts.V1;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DefectRefine.ServiceDefaults;

/// <summary>
/// Publishes <see cref="ServiceHeartbeat"/> over RabbitMQ at start and then every <c>Heartbeat:IntervalSeconds</c>
/// (default 15): proof that a replica reaches the bus, not only that its process lives.
/// </summary>
internal sealed partial class HeartbeatPublisher(
    IBus bus, ServiceIdentity identity, IConfiguration configuration, ILogger<HeartbeatPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Heartbeat:IntervalSeconds", 15)));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await bus.Publish(new ServiceHeartbeat(identity.Service, identity.Instance, identity.Version, DateTimeOffset.UtcNow), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogHeartbeatFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat could not be published; the bus is probably reconnecting")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);
}
