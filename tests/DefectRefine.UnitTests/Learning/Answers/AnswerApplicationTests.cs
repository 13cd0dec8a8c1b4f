using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;
using static DefectRefine.UnitTests.Learning.Answers.AnswerQueries;

namespace DefectRefine.UnitTests.Learning.Answers;

public sealed class AnswerApplicationTests
{
    // Anchor kept as defect; candidates 0, 1, 2 (positives) and 5 (a negative) marked "same as anchor".
    private static readonly QueryAnswer MixedAnswer = new(AnchorDefect: true, SameAsAnchor: [0, 1, 2, 5], Shifts: []);

    private static readonly PatchLabel[] MixedLabelsA =
        [new(10, 10, true), new(20, 10, true), new(30, 10, true), new(2, 27, false), new(20, 20, true), new(30, 20, false)];

    private static readonly PatchLabel[] MixedLabelsB =
        [new(5, 5, true), new(15, 5, false), new(25, 5, false), new(5, 20, false), new(25, 20, false)];

    private static readonly LabelledCentre[] MixedVerified =
    [
        new(ImageA, 10, 10, true), new(ImageA, 20, 10, true), new(ImageA, 30, 10, true), new(ImageB, 5, 5, true),
        new(ImageB, 15, 5, false), new(ImageA, 2, 27, false), new(ImageA, 20, 20, true), new(ImageB, 25, 5, false),
        new(ImageB, 5, 20, false), new(ImageA, 30, 20, false), new(ImageB, 25, 20, false),
    ];

    [Fact]
    public void Centre_pixel_answer_labels_every_patch_centre_grouped_by_image_in_query_order()
    {
        var applied = AnswerApplication.Apply(Triplet(), MixedAnswer, RefinementGranularity.CentrePixel, ImageSize);

        Assert.Equal(2, applied.Refinements.Count);
        AssertRefinement(applied.Refinements[0], ImageA, RefinementGranularity.CentrePixel, MixedLabelsA, []);
        AssertRefinement(applied.Refinements[1], ImageB, RefinementGranularity.CentrePixel, MixedLabelsB, []);
        Assert.Equal(MixedVerified, applied.Verified);
    }

    [Fact]
    public void Whole_patch_answer_labels_every_patch_with_the_query_patch_size()
    {
        var applied = AnswerApplication.Apply(Triplet(), MixedAnswer, RefinementGranularity.WholePatch, ImageSize);

        Assert.Equal(2, applied.Refinements.Count);
        AssertRefinement(applied.Refinements[0], ImageA, RefinementGranularity.WholePatch, MixedLabelsA, []);
        AssertRefinement(applied.Refinements[1], ImageB, RefinementGranularity.WholePatch, MixedLabelsB, []);
        Assert.All(applied.Refinements, r => Assert.Equal(PatchSize, r.PatchSize));
        Assert.Equal(MixedVerified, applied.Verified);
    }

    [Fact]
    public void Shift_answer_shifts_clicked_patches_and_refines_the_others_at_their_centre()
    {
        var answer = MixedAnswer with { Shifts = [new ShiftClick(ShiftClick.Anchor, 12, 11), new ShiftClick(2, 7, 3)] };

        var applied = AnswerApplication.Apply(Triplet(), answer, RefinementGranularity.Shift, ImageSize);

        Assert.Equal(4, applied.Refinements.Count);
        AssertRefinement(applied.Refinements[0], ImageA, RefinementGranularity.Shift, [], [new ShiftLabel(10, 10, 12, 11)]);
        AssertRefinement(applied.Refinements[1], ImageA, RefinementGranularity.CentrePixel, MixedLabelsA[1..], []);
        AssertRefinement(applied.Refinements[2], ImageB, RefinementGranularity.Shift, [], [new ShiftLabel(5, 5, 7, 3)]);
        AssertRefinement(applied.Refinements[3], ImageB, RefinementGranularity.CentrePixel, MixedLabelsB[1..], []);
        LabelledCentre[] verified = [new(ImageA, 12, 11, true), .. MixedVerified[1..3], new(ImageB, 7, 3, true), .. MixedVerified[4..]];
        Assert.Equal(verified, applied.Verified);
    }

    [Fact]
    public void Shift_answer_produces_a_shift_event_and_a_centre_pixel_event_for_one_image()
    {
        var query = Triplet();
        var answer = MixedAnswer with { Shifts = [new ShiftClick(ShiftClick.Anchor, 12, 11)] };

        var applied = AnswerApplication.Apply(query, answer, RefinementGranularity.Shift, ImageSize);
        var events = applied.Refinements.Where(r => r.ImageId == ImageA).Select(r => r.ToEvent(new BinaryMask(40, 30), Context(query))).ToList();

        Assert.Collection(events,
            e => Assert.Equal([new PixelRunChange((11 * 40) + 12, 1)], Assert.IsType<PatchesShifted>(e).Flipped),
            e => Assert.Equal(3, Assert.IsType<CentrePixelsRefined>(e).Flipped.Sum(change => change.Length)));
    }

    [Fact]
    public void Shift_answer_without_clicks_is_a_centre_pixel_answer()
    {
        var shift = AnswerApplication.Apply(Triplet(), MixedAnswer, RefinementGranularity.Shift, ImageSize);
        var centre = AnswerApplication.Apply(Triplet(), MixedAnswer, RefinementGranularity.CentrePixel, ImageSize);

        Assert.Equal(centre.Verified, shift.Verified);
        Assert.Equal(
            centre.Refinements.Select(r => (r.ImageId, r.Granularity, Labels: string.Join(";", r.Labels))),
            shift.Refinements.Select(r => (r.ImageId, r.Granularity, Labels: string.Join(";", r.Labels))));
    }

    [Fact]
    public void Correcting_the_anchor_to_background_makes_the_marks_mean_background()
    {
        var corrected = MixedAnswer with { AnchorDefect = false };

        var applied = AnswerApplication.Apply(Triplet(), corrected, RefinementGranularity.CentrePixel, ImageSize);

        // Anchor and marked candidates 0, 1, 2, 5 become background; every unmarked candidate becomes a defect.
        Assert.Equal([false, false, false, false, true, true, false, true, true, true, true], applied.Verified.Select(v => v.Defect));
        Assert.Equal(MixedVerified.Select(v => v with { Defect = !v.Defect }), applied.Verified);
    }

    [Fact]
    public void Unmarked_candidates_that_shared_the_anchor_label_flip_to_the_other_label()
    {
        var nothingMarked = new QueryAnswer(AnchorDefect: true, SameAsAnchor: [], Shifts: []);

        var applied = AnswerApplication.Apply(Triplet(), nothingMarked, RefinementGranularity.CentrePixel, ImageSize);

        // The five hardest positives were shown as defect; unmarked, they are now background like the negatives.
        Assert.Equal([true, .. Enumerable.Repeat(false, 10)], applied.Verified.Select(v => v.Defect));
    }

    [Fact]
    public void Labels_the_mask_already_holds_are_recorded_and_flip_nothing()
    {
        var query = Triplet();
        var agreeing = new QueryAnswer(AnchorDefect: true, SameAsAnchor: [0, 1, 2, 3, 4], Shifts: []);
        var masks = new Dictionary<Guid, BinaryMask> { [ImageA] = new(40, 30), [ImageB] = new(40, 30) };
        foreach (var patch in query.Candidates.Prepend(query.Anchor).Where(p => p.CurrentLabel))
            masks[patch.Centre.ImageId][patch.Centre.X, patch.Centre.Y] = true;

        var applied = AnswerApplication.Apply(query, agreeing, RefinementGranularity.CentrePixel, ImageSize);

        Assert.Equal(11, applied.Refinements.Sum(r => r.Labels.Count));
        Assert.All(applied.Refinements, r => Assert.Empty(Assert.IsType<CentrePixelsRefined>(r.ToEvent(masks[r.ImageId], Context(query))).Flipped));
    }

    private static void AssertRefinement(
        ImageRefinement refinement, Guid imageId, RefinementGranularity granularity, PatchLabel[] labels, ShiftLabel[] shifts)
    {
        Assert.Equal(imageId, refinement.ImageId);
        Assert.Equal(granularity, refinement.Granularity);
        Assert.Equal(labels, refinement.Labels);
        Assert.Equal(shifts, refinement.Shifts);
    }
}
