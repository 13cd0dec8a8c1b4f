using System.Globalization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Stations;

namespace DefectRefine.Cli.Simulate;

/// <summary>What <c>dr simulate</c>'s bars show for a session and a training round.</summary>
public static class ProgressBars
{
    public sealed record Bar(double Value, double MaxValue, string Description);

    public static Bar Session(SimulationProgress progress)
    {
        var text = ProgressText.Session(progress.Answers, progress.LateAnswers, progress.Target);
        var phase = progress.Phase == LoopPhase.Labelling ? "" : ", " + progress.Phase.ToString().ToLowerInvariant();
        return new Bar(Math.Min(progress.Answers - progress.LateAnswers, progress.Target), progress.Target,
            string.Create(CultureInfo.InvariantCulture, $"session {progress.Session}: {text} answers{phase}"));
    }

    /// <summary>
    /// While the round runs, its step of the budget. Once it has ended (its last report says why, or the loop moved on)
    /// the bar is full at the step it ended on, and the text says how far into the budget that was: a round that
    /// converged at step 177 reads "done: 177 of 200 steps", never "step 177/200" beside a full bar.
    /// </summary>
    public static Bar Training(TrainingStatus training, LoopPhase phase)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"training round {training.Round}: ");
        if (training.StoppedBy is not null)
            return new Bar(training.Step, Math.Max(training.Step, 1), prefix + ProgressText.Training(training));
        if (phase != LoopPhase.Training)
            return new Bar(training.Step, Math.Max(training.Step, 1),
                prefix + string.Create(CultureInfo.InvariantCulture, $"done (last report: step {training.Step} of {training.MaxSteps}), loss {training.Loss:F3}"));
        return new Bar(training.Step, training.MaxSteps, prefix + ProgressText.Training(training));
    }
}
