using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Evaluation;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class SimulatedExpertTests
{
    private static readonly Guid Image = Guid.NewGuid();

    /// <summary>A 40×40 truth with one defect square at x, y ∈ [20, 24]; patches of 8 px.</summary>
    private static BinaryMask Truth()
    {
        var truth = new BinaryMask(40, 40);
        for (var y = 20; y <= 24; y++)
        {
            for (var x = 20; x <= 24; x++)
                truth[x, y] = true;
        }
        return truth;
    }

    private static QueryPatch Patch(int x, int y, bool shown) => new(new PatchCentre(Image, x, y), CandidateRole.HardestPositive, shown, 0, 0.5);

    private static Query Query(QueryPatch anchor, params QueryPatch[] candidates) => new(Guid.NewGuid(), "m-1", 8, QueryStrategy.Triplet, anchor, candidates);

    [Fact]
    public void The_anchor_gets_its_true_label_and_candidates_are_marked_by_their_true_centre_label()
    {
        var expert = new SimulatedExpert(new Dictionary<Guid, BinaryMask> { [Image] = Truth() }, noise: 0, new Random(1));
        // The anchor was shown as background but is a defect; candidates 1 and 3 are true defects.
        var query = Query(Patch(22, 22, false), Patch(5, 5, false), Patch(21, 23, false), Patch(30, 5, true), Patch(24, 20, false));

        var answer = expert.Answer(query, RefinementGranularity.CentrePixel);

        Assert.True(answer.AnchorDefect);
        Assert.Equal([1, 3], answer.SameAsAnchor);
        Assert.Empty(answer.Shifts);
    }

    [Fact]
    public void At_shift_granularity_a_defect_patch_is_clicked_at_the_true_defect_nearest_its_centre()
    {
        var expert = new SimulatedExpert(new Dictionary<Guid, BinaryMask> { [Image] = Truth() }, noise: 0, new Random(1));
        // The anchor (23, 23) is a defect. Candidate 0 (17, 22) is background at its centre with the defect 3 px to the
        // right inside its 8 px patch; candidate 1 (2, 2) has no defect in reach.
        var query = Query(Patch(23, 23, true), Patch(17, 22, true), Patch(2, 2, false));

        var answer = expert.Answer(query, RefinementGranularity.Shift);

        // Candidate 0's true centre is background: answered background, so it gets no click (a click means "defect here").
        Assert.True(answer.AnchorDefect);
        var click = Assert.Single(answer.Shifts);
        Assert.Equal(new ShiftClick(ShiftClick.Anchor, 23, 23), click);
        Assert.Equal((20, 22), SimulatedExpert.NearestDefect(Truth(), 17, 22, 8));
        Assert.Null(SimulatedExpert.NearestDefect(Truth(), 2, 2, 8));
    }

    [Fact]
    public void Expert_noise_flips_about_that_share_of_the_marks()
    {
        var truth = Truth();
        var candidates = Enumerable.Range(0, 10).Select(i => Patch(i, 0, false)).ToArray();
        var query = Query(Patch(0, 1, false), candidates);
        var expert = new SimulatedExpert(new Dictionary<Guid, BinaryMask> { [Image] = truth }, noise: 0.2, new Random(3));
        var wrong = 0;
        for (var i = 0; i < 500; i++)
            wrong += 10 - expert.Answer(query, RefinementGranularity.CentrePixel).SameAsAnchor.Count;
        Assert.InRange(wrong / 5000.0, 0.17, 0.23);
    }

    [Fact]
    public void Every_answer_it_gives_is_accepted_by_answer_application()
    {
        var truth = Truth();
        var expert = new SimulatedExpert(new Dictionary<Guid, BinaryMask> { [Image] = truth }, noise: 0.3, new Random(5));
        var random = new Random(6);
        for (var i = 0; i < 200; i++)
        {
            var patches = Enumerable.Range(0, 11).Select(_ => Patch(random.Next(40), random.Next(40), random.Next(2) == 0)).ToArray();
            var query = Query(patches[0], patches[1..]);
            foreach (var granularity in Enum.GetValues<RefinementGranularity>())
                AnswerApplication.Apply(query, expert.Answer(query, granularity), granularity, _ => (40, 40));
        }
    }
}
