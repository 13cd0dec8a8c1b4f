using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Answers;
using static DefectRefine.UnitTests.Learning.Answers.AnswerQueries;

namespace DefectRefine.UnitTests.Learning.Answers;

public sealed class AnswerRefusalTests
{
    // The anchor (10, 10) in image A: its 8px patch covers 6..13 on both axes.
    private static readonly QueryAnswer DefectAnchor = new(AnchorDefect: true, SameAsAnchor: [0, 1, 2, 4], Shifts: []);

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void A_same_as_anchor_mark_on_a_candidate_that_does_not_exist_is_refused(int index)
    {
        var answer = DefectAnchor with { SameAsAnchor = [0, index] };

        AssertRefused(answer, RefinementGranularity.CentrePixel, $"Candidate {index} ");
    }

    [Fact]
    public void A_candidate_marked_same_as_anchor_twice_is_refused()
    {
        var answer = DefectAnchor with { SameAsAnchor = [3, 1, 3] };

        AssertRefused(answer, RefinementGranularity.CentrePixel, "Candidate 3 is marked \"same as anchor\" more than once");
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(10)]
    public void A_click_on_a_candidate_that_does_not_exist_is_refused(int candidate)
    {
        var answer = DefectAnchor with { Shifts = [new ShiftClick(candidate, 10, 10)] };

        AssertRefused(answer, RefinementGranularity.Shift, $"candidate {candidate},");
    }

    [Fact]
    public void Two_clicks_on_one_patch_are_refused()
    {
        var answer = DefectAnchor with { Shifts = [new ShiftClick(ShiftClick.Anchor, 10, 10), new ShiftClick(0, 20, 10), new ShiftClick(ShiftClick.Anchor, 11, 11)] };

        AssertRefused(answer, RefinementGranularity.Shift, "more than one click on the anchor");
    }

    [Theory]
    [InlineData(14, 10)]
    [InlineData(5, 10)]
    [InlineData(10, 14)]
    [InlineData(10, 5)]
    public void A_click_outside_the_patch_is_refused(int x, int y)
    {
        var answer = DefectAnchor with { Shifts = [new ShiftClick(ShiftClick.Anchor, x, y)] };

        AssertRefused(answer, RefinementGranularity.Shift, $"The click ({x}, {y}) is outside the 8px patch of the anchor");
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(13, 13)]
    [InlineData(6, 13)]
    public void A_click_on_the_patch_edge_is_accepted(int x, int y)
    {
        var answer = DefectAnchor with { Shifts = [new ShiftClick(ShiftClick.Anchor, x, y)] };

        var applied = AnswerApplication.Apply(Triplet(), answer, RefinementGranularity.Shift, ImageSize);

        Assert.Equal(new ShiftLabel(10, 10, x, y), applied.Refinements[0].Shifts.Single());
    }

    [Theory]
    [InlineData(2, 30)]
    [InlineData(-1, 27)]
    public void A_click_inside_a_border_patch_but_outside_its_image_is_refused(int x, int y)
    {
        // Candidate 4 is centred on (2, 27) of a 40x30 image: its patch covers -2..5 by 23..30.
        var answer = DefectAnchor with { Shifts = [new ShiftClick(4, x, y)] };

        AssertRefused(answer, RefinementGranularity.Shift, $"The click ({x}, {y}) on candidate 4 is outside its 40x30 image");
    }

    [Fact]
    public void A_click_on_a_patch_answered_background_is_refused()
    {
        // Candidate 3 is not marked same as a defect anchor, so it is answered background.
        var answer = DefectAnchor with { Shifts = [new ShiftClick(3, 15, 5)] };

        AssertRefused(answer, RefinementGranularity.Shift, "on candidate 3, which is answered background");
    }

    [Fact]
    public void A_click_on_an_anchor_corrected_to_background_is_refused()
    {
        var answer = DefectAnchor with { AnchorDefect = false, Shifts = [new ShiftClick(ShiftClick.Anchor, 10, 10)] };

        AssertRefused(answer, RefinementGranularity.Shift, "on the anchor, which is answered background");
    }

    [Theory]
    [InlineData(RefinementGranularity.CentrePixel)]
    [InlineData(RefinementGranularity.WholePatch)]
    public void Clicks_are_refused_unless_the_granularity_is_shift(RefinementGranularity granularity)
    {
        var answer = DefectAnchor with { Shifts = [new ShiftClick(ShiftClick.Anchor, 10, 10)] };

        AssertRefused(answer, granularity, $"only taken at Shift granularity, not {granularity}");
    }

    private static void AssertRefused(QueryAnswer answer, RefinementGranularity granularity, string reason)
    {
        var error = Assert.Throws<AnswerException>(() => AnswerApplication.Apply(Triplet(), answer, granularity, ImageSize));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
