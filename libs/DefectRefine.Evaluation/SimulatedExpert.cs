using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>
/// SIMULATION — answers queries from the true masks, as a careful expert would: the anchor gets its true label; a
/// candidate is marked "same as anchor" when its true centre label equals the anchor's; at shift granularity, a patch
/// answered defect is clicked at the true defect pixel nearest its centre, when the patch holds one. With probability
/// <c>noise</c> each candidate's mark is given wrongly (the anchor correction is kept right: the expert looks at it
/// enlarged).
/// </summary>
public sealed class SimulatedExpert(IReadOnlyDictionary<Guid, BinaryMask> truths, double noise, Random random)
{
    public QueryAnswer Answer(Query query, RefinementGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(query);
        var anchorDefect = Truth(query.Anchor);
        var marked = new List<int>();
        var answered = new bool[query.Candidates.Count];
        for (var i = 0; i < query.Candidates.Count; i++)
        {
            var same = Truth(query.Candidates[i]) == anchorDefect;
            if (noise > 0 && random.NextDouble() < noise)
                same = !same;
            if (same)
                marked.Add(i);
            answered[i] = same ? anchorDefect : !anchorDefect;
        }

        var clicks = new List<ShiftClick>();
        if (granularity == RefinementGranularity.Shift)
        {
            AddClick(clicks, ShiftClick.Anchor, query.Anchor, anchorDefect, query.PatchSize);
            for (var i = 0; i < query.Candidates.Count; i++)
                AddClick(clicks, i, query.Candidates[i], answered[i], query.PatchSize);
        }
        return new QueryAnswer(anchorDefect, marked, clicks);
    }

    private bool Truth(QueryPatch patch) => truths[patch.Centre.ImageId][patch.Centre.X, patch.Centre.Y];

    private void AddClick(List<ShiftClick> clicks, int index, QueryPatch patch, bool answeredDefect, int patchSize)
    {
        if (!answeredDefect)
            return;
        if (NearestDefect(truths[patch.Centre.ImageId], patch.Centre.X, patch.Centre.Y, patchSize) is { } pixel)
            clicks.Add(new ShiftClick(index, pixel.X, pixel.Y));
    }

    /// <summary>The true defect pixel inside the patch nearest its centre (ties: first in row-major order), if any.</summary>
    public static (int X, int Y)? NearestDefect(BinaryMask truth, int x, int y, int patchSize)
    {
        var box = PixelBox.Patch(x, y, patchSize).ClipTo(truth.Width, truth.Height);
        if (box is not { } inside)
            return null;
        (int X, int Y)? best = null;
        var bestDistance = long.MaxValue;
        for (var py = inside.Y; py < inside.Bottom; py++)
        {
            for (var px = inside.X; px < inside.Right; px++)
            {
                if (!truth[px, py])
                    continue;
                var distance = ((long)(px - x) * (px - x)) + ((long)(py - y) * (py - y));
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = (px, py);
                }
            }
        }
        return best;
    }
}
