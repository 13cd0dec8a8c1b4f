using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;

namespace DefectRefine.Learning.Answers;

/// <summary>
/// Applies an expert's answer to its query (DESIGN.md, "The method"): the anchor takes the answered label, a candidate
/// marked "same as anchor" takes the anchor's label and every other candidate the other label, so unmarked candidates
/// that shared the anchor's label flip too. All answered patches become user-verified samples. Pure: it computes the
/// refinements, it writes nothing.
/// </summary>
public static class AnswerApplication
{
    /// <summary>
    /// The refinements and verified samples of <paramref name="answer"/>. At <see cref="RefinementGranularity.Shift"/> a
    /// clicked patch is shifted (its verified sample is the clicked pixel, a defect) and every other patch is refined at
    /// its centre pixel, so one image can receive both kinds. A click is only accepted on a patch answered defect: it
    /// says where the defect is, and a patch answered background has none, so such a click is refused rather than
    /// guessed at.
    /// </summary>
    /// <param name="imageSize">Width and height of an image by id, to check that clicks fall inside it.</param>
    /// <exception cref="AnswerException">The answer does not fit the query; the message says which index or pixel.</exception>
    public static AppliedAnswer Apply(Query query, QueryAnswer answer, RefinementGranularity granularity, Func<Guid, (int Width, int Height)> imageSize)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(imageSize);
        if (!Enum.IsDefined(granularity))
            throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "Unknown refinement granularity.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.PatchSize);

        var marked = MarkedCandidates(query, answer);
        var clicks = ClicksByPatch(query, answer, granularity);
        var refinements = new RefinementsByImage(query.PatchSize);
        var verified = new List<LabelledCentre>(query.Candidates.Count + 1);

        for (var index = ShiftClick.Anchor; index < query.Candidates.Count; index++)
        {
            var centre = Patch(query, index).Centre;
            var defect = index == ShiftClick.Anchor || marked.Contains(index) ? answer.AnchorDefect : !answer.AnchorDefect;
            if (clicks.TryGetValue(index, out var click))
            {
                RequireClickFits(query, index, defect, click, imageSize(centre.ImageId));
                refinements.Shift(centre.ImageId, new ShiftLabel(centre.X, centre.Y, click.X, click.Y));
                verified.Add(new LabelledCentre(centre.ImageId, click.X, click.Y, Defect: true));
            }
            else
            {
                var kind = granularity == RefinementGranularity.WholePatch ? RefinementGranularity.WholePatch : RefinementGranularity.CentrePixel;
                refinements.Label(centre.ImageId, kind, new PatchLabel(centre.X, centre.Y, defect));
                verified.Add(new LabelledCentre(centre.ImageId, centre.X, centre.Y, defect));
            }
        }
        return new AppliedAnswer(refinements.ToList(), verified);
    }

    private static HashSet<int> MarkedCandidates(Query query, QueryAnswer answer)
    {
        var marked = new HashSet<int>();
        foreach (var index in answer.SameAsAnchor)
        {
            if (index < 0 || index >= query.Candidates.Count)
                throw new AnswerException($"Candidate {index} marked \"same as anchor\" does not exist: the query has candidates 0..{query.Candidates.Count - 1}.");
            if (!marked.Add(index))
                throw new AnswerException($"Candidate {index} is marked \"same as anchor\" more than once.");
        }
        return marked;
    }

    private static Dictionary<int, ShiftClick> ClicksByPatch(Query query, QueryAnswer answer, RefinementGranularity granularity)
    {
        if (answer.Shifts.Count > 0 && granularity != RefinementGranularity.Shift)
            throw new AnswerException($"The answer clicks {answer.Shifts.Count} defect(s), but clicks are only taken at Shift granularity, not {granularity}.");
        var clicks = new Dictionary<int, ShiftClick>();
        foreach (var click in answer.Shifts)
        {
            if (click.Candidate < ShiftClick.Anchor || click.Candidate >= query.Candidates.Count)
                throw new AnswerException($"A click names candidate {click.Candidate}, which does not exist: use {ShiftClick.Anchor} for the anchor or 0..{query.Candidates.Count - 1}.");
            if (!clicks.TryAdd(click.Candidate, click))
                throw new AnswerException($"There is more than one click on {Describe(click.Candidate)}; one defect click per patch.");
        }
        return clicks;
    }

    private static void RequireClickFits(Query query, int index, bool defect, ShiftClick click, (int Width, int Height) image)
    {
        var centre = Patch(query, index).Centre;
        if (!defect)
            throw new AnswerException($"The click ({click.X}, {click.Y}) is on {Describe(index)}, which is answered background and so has no defect to click.");
        if (click.X < 0 || click.Y < 0 || click.X >= image.Width || click.Y >= image.Height)
            throw new AnswerException($"The click ({click.X}, {click.Y}) on {Describe(index)} is outside its {image.Width}x{image.Height} image.");
        var box = PixelBox.Patch(centre.X, centre.Y, query.PatchSize);
        if (click.X < box.X || click.X >= box.Right || click.Y < box.Y || click.Y >= box.Bottom)
            throw new AnswerException($"The click ({click.X}, {click.Y}) is outside the {query.PatchSize}px patch of {Describe(index)}, centred on ({centre.X}, {centre.Y}).");
    }

    private static QueryPatch Patch(Query query, int index) => index == ShiftClick.Anchor ? query.Anchor : query.Candidates[index];

    private static string Describe(int index) => index == ShiftClick.Anchor ? "the anchor" : $"candidate {index}";
}
