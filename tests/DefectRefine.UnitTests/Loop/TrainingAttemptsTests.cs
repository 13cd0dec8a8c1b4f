using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.UnitTests.Loop;

/// <summary>A round's failed attempts are counted in its stream; at the limit it fails for good until an admin retries.</summary>
public sealed class TrainingAttemptsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static ProjectLoop Apply(ProjectLoop loop, IReadOnlyList<object> events)
    {
        var next = loop.Copy();
        foreach (var e in events)
            next.ApplyEvent(e);
        return next;
    }

    private static ProjectLoop Created() =>
        Apply(new ProjectLoop(), ProjectLoopRules.Create(Guid.NewGuid(), "line 4", Guid.NewGuid(), new ProjectSettings(), "admin", At));

    [Fact]
    public void A_round_is_sent_again_until_its_attempts_run_out_then_fails_and_sends_nothing()
    {
        var loop = Created();
        var first = ProjectLoopRules.FailTrainingAttempt(loop, 0, "NpgsqlException: disk full", sendAgain: true, maxAttempts: 3, At);
        Assert.Equal([new TrainingAttemptFailed(loop.Id, 0, 1, "NpgsqlException: disk full", true, At)], first);
        loop = Apply(loop, first);
        loop = Apply(loop, ProjectLoopRules.FailTrainingAttempt(loop, 0, "killed", sendAgain: false, maxAttempts: 3, At));
        Assert.Equal(2, loop.FailedTrainingAttempts);
        Assert.Null(loop.LastError);

        var last = ProjectLoopRules.FailTrainingAttempt(loop, 0, "NpgsqlException: disk full", sendAgain: true, maxAttempts: 3, At);
        Assert.False(Assert.IsType<TrainingAttemptFailed>(last[0]).SentAgain);
        loop = Apply(loop, last);
        Assert.Equal(LoopPhase.Training, loop.Phase);
        Assert.Equal("Training round 0 failed: NpgsqlException: disk full (gave up after 3 attempts)", loop.LastError);
        Assert.Equal(3, loop.ToStatus().FailedTrainingAttempts);
        Assert.Contains("An admin can retry it", loop.WhyNoQueries());

        // Failed for good: later reports (a late error, another redelivery) count nothing more.
        Assert.Empty(ProjectLoopRules.FailTrainingAttempt(loop, 0, "again", sendAgain: true, maxAttempts: 3, At));
    }

    [Fact]
    public void A_report_of_another_round_counts_nothing()
    {
        var loop = Created();
        Assert.Empty(ProjectLoopRules.FailTrainingAttempt(loop, 1, "late", sendAgain: true, maxAttempts: 3, At));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProjectLoopRules.FailTrainingAttempt(loop, 0, "x", sendAgain: true, maxAttempts: 0, At));
    }

    [Fact]
    public void An_admin_retry_asks_for_the_failed_round_again_with_a_fresh_count_and_is_refused_otherwise()
    {
        var loop = Created();
        Assert.Contains("No training round", Assert.Throws<LoopRuleException>(() => ProjectLoopRules.RetryTraining(loop, "admin", At)).Message);
        loop = Apply(loop, ProjectLoopRules.FailTrainingAttempt(loop, 0, "boom", sendAgain: true, maxAttempts: 1, At));
        Assert.NotNull(loop.LastError);

        var retry = ProjectLoopRules.RetryTraining(loop, "admin", At);
        Assert.Equal([new TrainingRequested(loop.Id, 0, TrainingReason.Retry, 0, "admin", At)], retry);
        loop = Apply(loop, retry);
        Assert.Null(loop.LastError);
        Assert.Equal(0, loop.FailedTrainingAttempts);
        Assert.Single(ProjectLoopRules.FailTrainingAttempt(loop, 0, "boom", sendAgain: true, maxAttempts: 2, At));
    }

    [Fact]
    public void A_model_that_arrives_after_the_round_was_given_up_on_is_adopted_and_ends_the_failure()
    {
        var loop = Created();
        loop = Apply(loop, ProjectLoopRules.FailTrainingAttempt(loop, 0, "killed", sendAgain: false, maxAttempts: 1, At));
        var late = new ModelTrained(loop.Id, 0, ProjectLoopRules.ModelVersionFor(loop.Id, 0), null, 40, 0.5, 0.8, 3, "trainer-2", At);
        loop = Apply(loop, ProjectLoopRules.CompleteTraining(loop, late, At));
        Assert.Equal(LoopPhase.Mining, loop.Phase);
        Assert.Null(loop.LastError);
    }
}
