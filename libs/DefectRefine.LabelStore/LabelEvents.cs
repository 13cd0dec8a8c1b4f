using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;

namespace DefectRefine.LabelStore;

/// <summary>Conversions between mask-library values and the event contracts.</summary>
public static class LabelEvents
{
    public static IReadOnlyList<PixelRunChange> ToChanges(IEnumerable<PixelRun> runs) =>
        [.. runs.Select(run => new PixelRunChange(run.Start, run.Length))];

    public static IEnumerable<PixelRun> ToRuns(IEnumerable<PixelRunChange> changes) =>
        changes.Select(change => new PixelRun(change.Start, change.Length));

    public static int PixelCount(IEnumerable<PixelRunChange> changes) => changes.Sum(change => change.Length);

    /// <summary>The pixels an event flipped; empty for the first event, which sets the whole mask.</summary>
    public static IReadOnlyList<PixelRunChange> FlippedBy(object @event) => @event switch
    {
        CentrePixelsRefined e => e.Flipped,
        PatchesRefined e => e.Flipped,
        PatchesShifted e => e.Flipped,
        RefinementReverted e => e.Flipped,
        _ => [],
    };

    public static bool IsRefinement(object @event) => @event is CentrePixelsRefined or PatchesRefined or PatchesShifted;

    public static LabelBox ToLabelBox(PixelBox box) => new(box.X, box.Y, box.Width, box.Height);
}
