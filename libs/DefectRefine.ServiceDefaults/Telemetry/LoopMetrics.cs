using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DefectRefine.ServiceDefaults.Telemetry;

/// <summary>
/// What an operator watches on a plant's loop, on the DefectRefine meter (Prometheus names in brackets): queries served
/// to stations [defectrefine_queries_served_total], answers by outcome [defectrefine_answers_total], leases that
/// ran out unanswered [defectrefine_leases_expired_total], training rounds by outcome and duration
/// [defectrefine_training_duration_seconds], and each project's ready queries [defectrefine_query_buffer_ready].
/// Every service records what it sees; the broker's own queue depths come from RabbitMQ's Prometheus plugin.
/// </summary>
public sealed class LoopMetrics
{
    public const string MeterName = "DefectRefine";

    private readonly Counter<long> _queriesServed;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _leasesExpired;
    private readonly Histogram<double> _trainingDuration;
    private readonly ConcurrentDictionary<Guid, int> _ready = new();

    public LoopMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _queriesServed = meter.CreateCounter<long>("defectrefine.queries.served", "{query}", "Queries leased to stations.");
        _answers = meter.CreateCounter<long>("defectrefine.answers", "{answer}", "Answers by outcome: accepted, refused, undone.");
        _leasesExpired = meter.CreateCounter<long>("defectrefine.leases.expired", "{lease}", "Leases that ran out unanswered; their queries went to another station.");
        _trainingDuration = meter.CreateHistogram<double>("defectrefine.training.duration", "s", "Training rounds by outcome: trained, diverged, failed.");
        meter.CreateObservableGauge("defectrefine.query_buffer.ready", ObserveReady, "{query}", "Ready queries of the newest model, per project, as last seen.");
    }

    public void QueryServed(Guid projectId) => _queriesServed.Add(1, Project(projectId));

    public void LeaseExpired(Guid projectId) => _leasesExpired.Add(1, Project(projectId));

    public void Answer(Guid projectId, AnswerOutcome outcome) =>
        _answers.Add(1, Project(projectId), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));

    public void Training(Guid projectId, TrainingOutcome outcome, TimeSpan duration) =>
        _trainingDuration.Record(duration.TotalSeconds, Project(projectId), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));

    public void BufferReady(Guid projectId, int ready) => _ready[projectId] = ready;

    private IEnumerable<Measurement<int>> ObserveReady() =>
        _ready.Select(p => new Measurement<int>(p.Value, Project(p.Key)));

    private static KeyValuePair<string, object?> Project(Guid projectId) => new("project", projectId.ToString());
}

public enum AnswerOutcome
{
    Accepted,
    Refused,
    Undone,
}

public enum TrainingOutcome
{
    Trained,
    Diverged,
    Failed,
}
