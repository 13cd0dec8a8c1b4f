using System.Globalization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Stations;
using Spectre.Console;

namespace DefectRefine.Cli.Simulate;

/// <summary>One progress bar per labelling session (answers of the target) and one per training round (steps).</summary>
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
                session.Value = Math.Min(progress.Answers, progress.Target);
                session.Description = string.Create(CultureInfo.InvariantCulture, $"session {progress.Session}: {progress.Answers}/{progress.Target} answers{(progress.Phase == LoopPhase.Labelling ? "" : ", " + progress.Phase.ToString().ToLowerInvariant())}");
            }
            if (progress.Training is { } training)
            {
                if (!_trainings.TryGetValue(training.Round, out var task))
                    task = _trainings[training.Round] = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"training round {training.Round}"), maxValue: training.MaxSteps);
                task.Value = training.Step;
                task.Description = string.Create(CultureInfo.InvariantCulture, $"training round {training.Round}: step {training.Step}/{training.MaxSteps}, loss {training.Loss:F3}");
            }
            else if (progress.Phase != LoopPhase.Training)
            {
                foreach (var task in _trainings.Values)
                    task.Value = task.MaxValue;
            }
        }
    }
}
