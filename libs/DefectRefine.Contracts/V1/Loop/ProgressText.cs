using System.Globalization;

namespace DefectRefine.Contracts.V1.Loop;

/// <summary>
/// How a session's and a training's progress read, the same on the status page, in `dr simulate` and (mirrored in
/// web/src/labelling/state.ts) at a station, so no two places can disagree about what "50/50" or "100 %" means.
/// </summary>
public static class ProgressText
{
    /// <summary>
    /// "17/50", or "50/50 (+2 late)" once answers to queries leased before the target was reached have arrived after
    /// it: they are kept (no expert's work is thrown away) but never counted past the target.
    /// </summary>
    public static string Session(int answersThisSession, int lateAnswers, int sessionTarget)
    {
        var onTime = answersThisSession - lateAnswers;
        return lateAnswers > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{onTime}/{sessionTarget} (+{lateAnswers} late)")
            : string.Create(CultureInfo.InvariantCulture, $"{onTime}/{sessionTarget}");
    }

    public static string Session(ProjectStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Session(status.AnswersThisSession, status.LateAnswersThisSession, status.SessionTarget);
    }

    /// <summary>Whole percent of the step budget done, rounded down: 199 of 200 steps is 99 %, never 100 %.</summary>
    public static int Percent(int step, int maxSteps) =>
        maxSteps <= 0 ? 0 : (int)Math.Clamp(100L * step / maxSteps, 0, 100);

    /// <summary>
    /// "step 120/200 (60 %), loss 0.412" while a round runs; "done: 177 of 200 steps (converged), loss 0.301" after its
    /// last report, whose step is where it ended (a round may stop before its budget).
    /// </summary>
    public static string Training(TrainingStatus training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var t = training;
        return t.StoppedBy is { } stop
            ? string.Create(CultureInfo.InvariantCulture, $"done: {t.Step} of {t.MaxSteps} steps ({StopReason(stop)}), loss {t.Loss:F3}")
            : string.Create(CultureInfo.InvariantCulture, $"step {t.Step}/{t.MaxSteps} ({Percent(t.Step, t.MaxSteps)} %), loss {t.Loss:F3}");
    }

    private static string StopReason(string stop) => stop switch
    {
        "StepBudget" => "step budget reached",
        "Converged" => "converged early",
        "TimeBudget" => "time budget reached",
        _ => stop,
    };
}
