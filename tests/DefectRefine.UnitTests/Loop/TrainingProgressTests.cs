using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.UnitTests.Loop;

public sealed class TrainingProgressTests
{
    private static TrainingStatus Report(int round, int step, string? stoppedBy = null) => new(round, step, 200, 0.3, 0.9, 12, stoppedBy);

    [Fact]
    public void The_percentage_comes_from_step_and_budget_and_reaches_100_only_at_the_budget()
    {
        Assert.Equal(88, ProgressText.Percent(177, 200));
        Assert.Equal(99, ProgressText.Percent(199, 200));
        Assert.Equal(100, ProgressText.Percent(200, 200));
        Assert.Equal(0, ProgressText.Percent(5, 0));
        Assert.Equal("step 177/200 (88 %), loss 0.300", ProgressText.Training(Report(1, 177)));
    }

    [Fact]
    public void A_round_that_stops_early_reads_as_done_where_it_stopped()
    {
        Assert.Equal("done: 177 of 200 steps (converged early), loss 0.300", ProgressText.Training(Report(1, 177, "Converged")));
        Assert.Equal("done: 200 of 200 steps (step budget reached), loss 0.300", ProgressText.Training(Report(1, 200, "StepBudget")));
    }

    [Fact]
    public void The_last_report_of_a_round_wins_over_earlier_ones_in_any_order()
    {
        var last = Report(1, 177, "Converged");
        Assert.Same(last, TrainingProgressOrder.Latest(Report(1, 177), last));
        Assert.Same(last, TrainingProgressOrder.Latest(last, Report(1, 176)));
        Assert.Same(last, TrainingProgressOrder.Latest(last, Report(1, 177)));
        var later = Report(1, 120);
        Assert.Same(later, TrainingProgressOrder.Latest(Report(1, 100), later));
        Assert.Equal(100, TrainingProgressOrder.Latest(Report(1, 100), Report(1, 90)).Step);
        var next = Report(2, 3);
        Assert.Same(next, TrainingProgressOrder.Latest(last, next));
        Assert.Same(next, TrainingProgressOrder.Latest(next, Report(1, 190)));
        Assert.Same(next, TrainingProgressOrder.Latest(null, next));
    }

    [Fact]
    public void The_session_counter_shows_late_answers_apart()
    {
        Assert.Equal("17/50", ProgressText.Session(17, 0, 50));
        Assert.Equal("50/50 (+2 late)", ProgressText.Session(52, 2, 50));
    }
}
