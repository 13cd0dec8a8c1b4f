using System.Globalization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Stations;
using Spectre.Console;

namespace DefectRefine.Cli.Simulate;

/// <summary>
/// One progress bar per labelling session (on-time answers of the target) and one per training round (steps), worded
/// by <see cref="ProgressText"/> as the status page and the stations word them.
/// </summary>
internal sealed class SessionProgressDisplay(ProgressContext context)
{
    private readonly Dictionary<int, ProgressTask> _sessions = [];
    private readonly Dictionary<int, ProgressTask> _trainings = [];
    private readonly object _gate = new();

    public void Update(SimulationProgress progress)
    {
        lock (_gate)
        {
            if (progress.Session >= 1)
            {
                if (!_sessions.TryGetValue(progress.Session, out var session))
                {
                    foreach (var earlier in _sessions.Values)
                        earlier.Value = earlier.MaxValue;
                    session = _sessions[progress.Session] = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"session {progress.Session}"), maxValue: progress.Target);
                }
                var view = ProgressBars.Session(progress);
                session.Value = view.Value;
                session.Description = view.Description;
            }
            if (progress.Training is { } training)
            {
                if (!_trainings.TryGetValue(training.Round, out var task))
                    task = _trainings[training.Round] = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"training round {training.Round}"), maxValue: training.MaxSteps);
                var view = ProgressBars.Training(training, progress.Phase);
                task.MaxValue = view.MaxValue;
                task.Value = view.Value;
                task.Description = view.Description;
            }
        }
    }
}
