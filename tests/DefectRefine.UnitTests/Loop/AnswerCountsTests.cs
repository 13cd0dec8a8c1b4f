using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.UnitTests.Loop;

/// <summary>What the counters of a project mean: answers kept = recorded − undone, and late answers apart from the target.</summary>
public sealed class AnswerCountsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly LabelAuthor Ann = new("station-1", "ann");

    private static ProjectLoop Apply(ProjectLoop loop, IReadOnlyList<object> events)
    {
        var next = loop.Copy();
        foreach (var e in events)
            next.ApplyEvent(e);
        return next;
    }

    private static ProjectLoop Labelling(int target)
    {
        var loop = new ProjectLoop();
        foreach (var e in ProjectLoopRules.Create(Guid.NewGuid(), "line 4", Guid.NewGuid(), new ProjectSettings { SessionTarget = target }, "admin", At))
            loop.ApplyEvent(e);
        var version = ProjectLoopRules.ModelVersionFor(loop.Id, 0);
        loop = Apply(loop, ProjectLoopRules.CompleteTraining(loop, new ModelTrained(loop.Id, 0, version, null, 10, 0.5, 0.8, 1, "t", At), At));
        return Apply(loop, ProjectLoopRules.QueriesReady(loop, new QueriesReady(loop.Id, version, 20, At), At));
    }

    private static ProjectLoop Answer(ProjectLoop loop, Guid query) => Apply(loop, ProjectLoopRules.RecordAnswer(loop, query, "v", Ann, [], At));

    private static ProjectLoop Undo(ProjectLoop loop, Guid query, int session) => Apply(loop, ProjectLoopRules.UndoAnswer(loop, query, session, Ann, [], At));

    [Fact]
    public void After_an_undo_the_status_says_kept_recorded_and_undone_and_they_add_up()
    {
        var loop = Labelling(target: 200);
        var queries = Enumerable.Range(0, 105).Select(_ => Guid.NewGuid()).ToList();
        foreach (var query in queries)
            loop = Answer(loop, query);
        loop = Undo(loop, queries[^1], loop.Session);

        var status = loop.ToStatus();
        // The query buffer counts 105 queries answered: the undone one stays answered (it is never offered again).
        Assert.Equal((104, 1), (status.AnswersTotal, status.AnswersUndone));
        Assert.Equal(105, status.AnswersTotal + status.AnswersUndone);
        Assert.Equal(104, status.AnswersThisSession);
    }

    [Fact]
    public void Answers_that_arrive_after_the_target_are_kept_as_late_and_the_counter_never_passes_the_target()
    {
        var loop = Labelling(target: 3);
        var late = new[] { Guid.NewGuid(), Guid.NewGuid() };
        for (var i = 0; i < 3; i++)
            loop = Answer(loop, Guid.NewGuid());
        Assert.Equal(LoopPhase.Training, loop.Phase);
        var session = loop.Session;

        // Two stations still held queries leased before the third answer: their answers are kept, in the same session.
        foreach (var query in late)
        {
            var events = ProjectLoopRules.RecordAnswer(loop, query, "v", Ann, [], At);
            Assert.IsType<AnswerRecorded>(Assert.Single(events));
            loop = Apply(loop, events);
        }
        Assert.Equal((5, 2, 3, 5), (loop.AnswersThisSession, loop.LateAnswersThisSession, loop.AnswersOnTime, loop.AnswersTotal));
        Assert.Equal("3/3 (+2 late)", ProgressText.Session(loop.ToStatus()));

        // Undoing a late answer takes back a late one; undoing an on-time one leaves the late ones late.
        loop = Undo(loop, late[0], session);
        Assert.Equal("3/3 (+1 late)", ProgressText.Session(loop.ToStatus()));
        loop = Undo(loop, Guid.NewGuid(), session);
        Assert.Equal("2/3 (+1 late)", ProgressText.Session(loop.ToStatus()));

        // The next session starts from nothing.
        loop = Apply(loop, ProjectLoopRules.CompleteTraining(loop, new ModelTrained(loop.Id, 1, "v1", null, 10, 0.5, 0.8, 1, "t", At), At));
        loop = Apply(loop, ProjectLoopRules.QueriesReady(loop, new QueriesReady(loop.Id, "v1", 20, At), At));
        Assert.Equal((0, 0, "0/3"), (loop.AnswersThisSession, loop.LateAnswersThisSession, ProgressText.Session(loop.ToStatus())));
        Assert.Empty(loop.LateQueries);
    }

    [Fact]
    public void After_retrain_now_further_answers_of_that_session_are_late()
    {
        var loop = Labelling(target: 50);
        loop = Answer(loop, Guid.NewGuid());
        loop = Apply(loop, ProjectLoopRules.RetrainNow(loop, "admin", At));
        loop = Answer(loop, Guid.NewGuid());
        Assert.Equal("1/50 (+1 late)", ProgressText.Session(loop.ToStatus()));
    }

    [Fact]
    public void While_paused_answers_beyond_the_target_are_late_and_resume_trains_once()
    {
        var loop = Labelling(target: 2);
        loop = Answer(loop, Guid.NewGuid());
        loop = Apply(loop, ProjectLoopRules.Pause(loop, "admin", At));
        loop = Answer(loop, Guid.NewGuid());
        var beyond = ProjectLoopRules.RecordAnswer(loop, Guid.NewGuid(), "v", Ann, [], At);
        Assert.Single(beyond);
        loop = Apply(loop, beyond);
        Assert.Equal("2/2 (+1 late)", ProgressText.Session(loop.ToStatus()));
        var resumed = ProjectLoopRules.Resume(loop, "admin", At);
        Assert.IsType<TrainingRequested>(resumed[1]);
    }

    [Fact]
    public void Copying_a_loop_shares_no_late_list_with_the_original()
    {
        var loop = Labelling(target: 1);
        loop = Answer(loop, Guid.NewGuid());
        var copy = Answer(loop, Guid.NewGuid());
        Assert.Empty(loop.LateQueries);
        Assert.Single(copy.LateQueries);
    }
}
