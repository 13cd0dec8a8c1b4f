using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.UnitTests.Loop;

public sealed class ProjectLoopRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly LabelAuthor Ann = new("station-1", "ann");

    private static ProjectLoop Fold(IEnumerable<object> events)
    {
        var loop = new ProjectLoop();
        foreach (var e in events)
            loop.ApplyEvent(e);
        return loop;
    }

    private static ProjectLoop Apply(ProjectLoop loop, IReadOnlyList<object> events)
    {
        var next = loop.Copy();
        foreach (var e in events)
            next.ApplyEvent(e);
        return next;
    }

    private static ModelTrained Trained(ProjectLoop loop, int round) =>
        new(loop.Id, round, ProjectLoopRules.ModelVersionFor(loop.Id, round), null, 10, 0.5, 0.8, 1, "trainer-1", At);

    /// <summary>A project created, its initial model trained and its first queries ready: session 1, labelling.</summary>
    private static ProjectLoop Labelling(int target = 3)
    {
        var loop = Fold(ProjectLoopRules.Create(Guid.NewGuid(), "line 4", Guid.NewGuid(), new ProjectSettings { SessionTarget = target }, "admin", At));
        loop = Apply(loop, ProjectLoopRules.CompleteTraining(loop, Trained(loop, 0), At));
        return Apply(loop, ProjectLoopRules.QueriesReady(loop, new QueriesReady(loop.Id, loop.ModelVersion!, 20, At), At));
    }

    [Fact]
    public void A_new_project_asks_for_its_initial_training_on_the_masks()
    {
        var events = ProjectLoopRules.Create(Guid.NewGuid(), "  line 4 ", Guid.NewGuid(), new ProjectSettings(), "admin", At);
        var loop = Fold(events);

        Assert.Equal("line 4", ((ProjectCreated)events[0]).Name);
        Assert.Equal(new TrainingRequested(loop.Id, 0, TrainingReason.Initial, 0, "admin", At), events[1]);
        Assert.Equal(LoopPhase.Training, loop.Phase);
        Assert.Equal(LoopFeedback.Mask, ProjectLoopRules.TrainingCommand(loop).Feedback);
        Assert.Equal(300, ProjectLoopRules.TrainingCommand(loop).Plan.Steps);
        Assert.Contains("Training round 0", loop.WhyNoQueries());
    }

    [Fact]
    public void Bad_settings_and_names_are_refused_with_every_reason()
    {
        var error = Assert.Throws<LoopRuleException>(() => ProjectLoopRules.Create(Guid.NewGuid(), "p", Guid.NewGuid(),
            new ProjectSettings { SessionTarget = 0, PatchSize = 33, QueryBuffer = 50, MiningPoolSize = 100 }, "admin", At));
        Assert.Contains("SessionTarget must be in 1..10000", error.Message);
        Assert.Contains("PatchSize must be even", error.Message);
        Assert.Contains("MiningPoolSize must be in 550..", error.Message);
        Assert.Throws<LoopRuleException>(() => ProjectLoopRules.Create(Guid.NewGuid(), " ", Guid.NewGuid(), new ProjectSettings(), "admin", At));
    }

    [Fact]
    public void The_loop_goes_training_mining_labelling_and_trains_again_when_the_session_reaches_its_target()
    {
        var loop = Labelling(target: 2);
        Assert.Equal((LoopPhase.Labelling, 1, "-r000"), (loop.Phase, loop.Session, loop.ModelVersion![^5..]));
        Assert.Null(loop.WhyNoQueries());

        var first = ProjectLoopRules.RecordAnswer(loop, Guid.NewGuid(), loop.ModelVersion, Ann, [], At);
        Assert.Single(first);
        loop = Apply(loop, first);
        var second = ProjectLoopRules.RecordAnswer(loop, Guid.NewGuid(), loop.ModelVersion!, Ann, [], At);
        Assert.IsType<TrainingRequested>(second[1]);
        loop = Apply(loop, second);

        Assert.Equal((LoopPhase.Training, 1, 2, 2), (loop.Phase, loop.Round, loop.AnswersThisSession, loop.AnswersTotal));
        Assert.Equal(LoopFeedback.Both, ProjectLoopRules.TrainingCommand(loop).Feedback);
        Assert.Equal(150, ProjectLoopRules.TrainingCommand(loop).Plan.Steps);

        loop = Apply(loop, ProjectLoopRules.CompleteTraining(loop, Trained(loop, 1), At));
        Assert.Equal((LoopPhase.Mining, 2), (loop.Phase, loop.TrainingsCompleted));
        loop = Apply(loop, ProjectLoopRules.QueriesReady(loop, new QueriesReady(loop.Id, loop.ModelVersion!, 5, At), At));
        Assert.Equal((LoopPhase.Labelling, 2, 0), (loop.Phase, loop.Session, loop.AnswersThisSession));
    }

    [Fact]
    public void Repeated_late_and_stale_reports_change_nothing()
    {
        var loop = Labelling();
        Assert.Empty(ProjectLoopRules.CompleteTraining(loop, Trained(loop, 0), At));
        Assert.Empty(ProjectLoopRules.QueriesReady(loop, new QueriesReady(loop.Id, loop.ModelVersion!, 20, At), At));
        Assert.Empty(ProjectLoopRules.FailTraining(loop, new TrainingFailed(loop.Id, 0, "late", "t", At), At));

        var training = Apply(loop, ProjectLoopRules.RetrainNow(Apply(loop, ProjectLoopRules.RecordAnswer(loop, Guid.NewGuid(), "v", Ann, [], At)), "admin", At));
        Assert.Empty(ProjectLoopRules.CompleteTraining(training, Trained(training, 0), At));
        Assert.Empty(ProjectLoopRules.QueriesReady(training, new QueriesReady(training.Id, "old", 20, At), At));
    }

    [Fact]
    public void Retrain_now_needs_an_answer_and_repeats_a_failed_round()
    {
        var loop = Labelling();
        Assert.Contains("no answers yet", Assert.Throws<LoopRuleException>(() => ProjectLoopRules.RetrainNow(loop, "admin", At)).Message);

        loop = Apply(loop, ProjectLoopRules.RecordAnswer(loop, Guid.NewGuid(), "v", Ann, [], At));
        loop = Apply(loop, ProjectLoopRules.RetrainNow(loop, "admin", At));
        Assert.Equal((LoopPhase.Training, 1), (loop.Phase, loop.Round));
        Assert.Contains("already running", Assert.Throws<LoopRuleException>(() => ProjectLoopRules.RetrainNow(loop, "admin", At)).Message);

        loop = Apply(loop, ProjectLoopRules.FailTraining(loop, new TrainingFailed(loop.Id, 1, "out of memory", "t", At), At));
        Assert.Contains("out of memory", loop.LastError);
        Assert.Empty(ProjectLoopRules.FailTraining(loop, new TrainingFailed(loop.Id, 1, "again", "t", At), At));
        var retry = ProjectLoopRules.RetrainNow(loop, "admin", At);
        Assert.Equal(new TrainingRequested(loop.Id, 1, TrainingReason.Retry, 1, "admin", At), Assert.Single(retry));
        Assert.Null(Apply(loop, retry).LastError);
    }

    [Fact]
    public void A_paused_project_hands_out_no_queries_and_trains_on_resume_when_its_target_was_reached_meanwhile()
    {
        var loop = Labelling(target: 1);
        loop = Apply(loop, ProjectLoopRules.Pause(loop, "admin", At));
        Assert.Equal("The project is paused.", loop.WhyNoQueries());
        Assert.Throws<LoopRuleException>(() => ProjectLoopRules.Pause(loop, "admin", At));

        var answer = ProjectLoopRules.RecordAnswer(loop, Guid.NewGuid(), "v", Ann, [], At);
        Assert.Single(answer);
        loop = Apply(loop, answer);
        var resumed = ProjectLoopRules.Resume(loop, "admin", At);
        Assert.IsType<LoopResumed>(resumed[0]);
        Assert.IsType<TrainingRequested>(resumed[1]);
        Assert.Throws<LoopRuleException>(() => ProjectLoopRules.Resume(Apply(loop, resumed), "admin", At));
    }

    [Fact]
    public void An_undone_answer_no_longer_counts_in_its_session()
    {
        var loop = Labelling(target: 5);
        var query = Guid.NewGuid();
        loop = Apply(loop, ProjectLoopRules.RecordAnswer(loop, query, "v", Ann, [new ImageVersion(Guid.NewGuid(), 2)], At));
        loop = Apply(loop, ProjectLoopRules.UndoAnswer(loop, query, loop.Session, Ann, [], At));
        Assert.Equal((0, 0), (loop.AnswersThisSession, loop.AnswersTotal));
    }

    [Fact]
    public void Copy_leaves_the_original_untouched()
    {
        var loop = Labelling();
        var copy = loop.Copy();
        copy.ApplyEvent(new AnswerRecorded(loop.Id, Guid.NewGuid(), 1, "v", Ann, At, []));
        Assert.Equal((0, 1), (loop.AnswersThisSession, copy.AnswersThisSession));
        Assert.Equal(loop.Version + 1, copy.Version);
    }

    [Fact]
    public void Model_versions_are_unique_per_project_and_round_and_sort_by_round()
    {
        var id = Guid.Parse("0123abcd-0000-0000-0000-000000000000");
        Assert.Equal("0123abcd-r007", ProjectLoopRules.ModelVersionFor(id, 7));
        Assert.True(string.CompareOrdinal(ProjectLoopRules.ModelVersionFor(id, 9), ProjectLoopRules.ModelVersionFor(id, 10)) < 0);
    }
}
