using System.Collections.Concurrent;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using DefectRefine.ServiceDefaults.Telemetry;
using MassTransit;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// Gives a station its next query: the one it already holds, else the oldest free one of the newest model, leased to
/// it for the project's lease time. When the buffer runs below half it asks the Miner for more (at most every few
/// seconds per project), after the station has its query, so the refill never adds to the station's wait.
/// </summary>
public sealed class QueryLeasing(ProjectLoops loops, QueryBuffer buffer, IBus bus, GatewayOptions options, LoopMetrics metrics, ILogger<QueryLeasing> log)
{
    private readonly ConcurrentDictionary<Guid, long> _lastLowSignal = new();

    public async Task<NextQueryResult> NextAsync(StationConnection station, CancellationToken cancellationToken)
    {
        var loop = await loops.GetAsync(station.ProjectId, cancellationToken);
        if (loop.WhyNoQueries() is { } reason)
            return new NextQueryResult(null, reason);
        var version = loop.ModelVersion!;
        var lease = await buffer.LeaseAsync(loop.Id, version, station.Station, station.ConnectionId, TimeSpan.FromSeconds(loop.Settings.LeaseSeconds), cancellationToken);
        SignalIfLow(loop, version);
        if (lease is not null)
        {
            metrics.QueryServed(loop.Id);
            if (lease.TookOverExpired)
                metrics.LeaseExpired(loop.Id);
        }
        return lease is null
            ? new NextQueryResult(null, "Every ready query is taken; the Miner is choosing more with model " + version + ".")
            : new NextQueryResult(ToStation(lease, loop), null);
    }

    public static StationQuery ToStation(QueryLease lease, ProjectLoop loop)
    {
        var query = lease.Query;
        var order = CandidateOrder.Displayed(query.QueryId, query.Candidates.Count);
        var candidates = order.Select((mined, shown) =>
        {
            var patch = query.Candidates[mined];
            return new StationPatch(shown, patch.ImageId, patch.X, patch.Y, patch.LabelShown);
        }).ToList();
        var anchor = new StationPatch(-1, query.Anchor.ImageId, query.Anchor.X, query.Anchor.Y, query.Anchor.LabelShown);
        return new StationQuery(query.QueryId, lease.LeaseId, query.ProjectId, loop.Session, query.ModelVersion, query.PatchSize,
            loop.Settings.Granularity.ToString(), lease.ExpiresAt, anchor, candidates);
    }

    private void SignalIfLow(ProjectLoop loop, string version)
    {
        var now = Environment.TickCount64;
        var last = _lastLowSignal.GetOrAdd(loop.Id, long.MinValue / 2);
        if (now - last < options.BufferLowThrottleSeconds * 1000 || !_lastLowSignal.TryUpdate(loop.Id, now, last))
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                var ready = await buffer.ReadyCountAsync(loop.Id, version);
                metrics.BufferReady(loop.Id, ready);
                if (ready * 2 < loop.Settings.QueryBuffer)
                    await bus.Publish(new QueryBufferLow(loop.Id, loop.DatasetId, version, ready, ProjectLoopRules.MiningPlan(loop)));
            }
            catch (Exception error)
            {
                // The next lease tries again; a station is never failed for a refill signal.
                log.LogWarning(error, "Project {Project}: could not check or signal the query buffer.", loop.Id);
            }
        });
    }
}
