using DefectRefine.Cli.Simulate;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Stations;

namespace DefectRefine.UnitTests.Cli;

public sealed class ProgressBarsTests
{
    [Fact]
    public void A_running_round_shows_its_step_of_the_budget()
    {
        var bar = ProgressBars.Training(new TrainingStatus(1, 120, 200, 0.4, 0.8, 10), LoopPhase.Training);
        Assert.Equal((120d, 200d), (bar.Value, bar.MaxValue));
        Assert.Contains("step 120/200 (60 %)", bar.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_that_ended_early_is_a_full_bar_that_says_where_it_ended()
    {
        var bar = ProgressBars.Training(new TrainingStatus(1, 177, 200, 0.3, 0.9, 50, "Converged"), LoopPhase.Training);
        Assert.Equal(bar.MaxValue, bar.Value);
        Assert.Contains("done: 177 of 200 steps (converged early)", bar.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_loop_moved_on_before_the_last_report_the_bar_ends_at_the_last_step_it_saw()
    {
        var bar = ProgressBars.Training(new TrainingStatus(2, 42, 100, 0.3, 0.9, 20), LoopPhase.Mining);
        Assert.Equal((42d, 42d), (bar.Value, bar.MaxValue));
        Assert.Contains("done (last report: step 42 of 100)", bar.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("100 %", bar.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Late_answers_never_push_a_session_past_its_target()
    {
        var bar = ProgressBars.Session(new SimulationProgress(1, 52, 50, LoopPhase.Training, null, LateAnswers: 2));
        Assert.Equal((50d, 50d), (bar.Value, bar.MaxValue));
        Assert.Contains("50/50 (+2 late) answers, training", bar.Description, StringComparison.Ordinal);
    }
}
