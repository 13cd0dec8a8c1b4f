using System.Collections.Concurrent;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.LabelGateway.Loop;

/// <summary>The latest training progress per project seen by this replica, for stations that join mid-training.</summary>
public sealed class TrainingProgressCache
{
    private readonly ConcurrentDictionary<Guid, TrainingStatus> _latest = new();
    private readonly ConcurrentDictionary<Guid, (int Round, DateTimeOffset At)> _heard = new();

    public void Record(TrainingProgressed progress, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _heard[progress.ProjectId] = (progress.Round, receivedAt);
        var status = new TrainingStatus(progress.Round, progress.Step, progress.MaxSteps, progress.Loss, progress.Accuracy, progress.ElapsedSeconds, progress.StoppedBy);
        _latest.AddOrUpdate(progress.ProjectId, status, (_, known) => TrainingProgressOrder.Latest(known, status));
    }

    public TrainingStatus? Latest(Guid projectId) => _latest.TryGetValue(projectId, out var status) ? status : null;

    /// <summary>When a Trainer last reported progress on the project's round <paramref name="round"/>: a round that reports is not lost.</summary>
    public DateTimeOffset? LastHeard(Guid projectId, int round) =>
        _heard.TryGetValue(projectId, out var heard) && heard.Round == round ? heard.At : null;
}
