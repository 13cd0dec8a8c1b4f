using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DefectRefine.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DefectRefine.ServiceDefaults.Health;

/// <summary>
/// Every health check's last result as a gauge [defectrefine_health_status{check="rabbitmq"}]: 2 healthy, 1 degraded,
/// 0 unhealthy. The broker is not part of readiness (a gateway keeps taking answers through the outbox while it is
/// away), so this is where an operator's alert sees it.
/// </summary>
public sealed class HealthMetrics : IHealthCheckPublisher
{
    private readonly ConcurrentDictionary<string, int> _status = new(StringComparer.Ordinal);

    public HealthMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LoopMetrics.MeterName);
        meter.CreateObservableGauge("defectrefine.health.status", Observe, "{status}", "Each health check's last result: 2 healthy, 1 degraded, 0 unhealthy.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
            _status[name] = entry.Status switch { HealthStatus.Healthy => 2, HealthStatus.Degraded => 1, _ => 0 };
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> Observe() =>
        _status.Select(entry => new Measurement<int>(entry.Value, new KeyValuePair<string, object?>("check", entry.Key)));
}
