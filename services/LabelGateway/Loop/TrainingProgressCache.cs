using System.Collections.Concurrent;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.LabelGateway.Loop;

/// <summary>The latest training progress per project seen by this replica, for stations that join mid-training.</summary>
public sealed class TrainingProgressCache
{
    private readonly ConcurrentDictionary<Guid, TrainingStatus> _latest = new();

    public void Record(TrainingProgressed progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var status = new TrainingStatus(progress.Round, progress.Step, progress.MaxSteps, progress.Loss, progress.Accuracy, progress.ElapsedSeconds, progress.StoppedBy);
        _latest.AddOrUpdate(progress.ProjectId, status, (_, known) => TrainingProgressOrder.Latest(known, status));
    }

    public TrainingStatus? Latest(Guid projectId) => _latest.TryGetValue(projectId, out var status) ? status : null;
}
