using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;

namespace DefectRefine.Learning.Answers;

/// <summary>Masks speak <see cref="PixelRun"/> and know nothing of contracts; events carry <see cref="PixelRunChange"/>.</summary>
internal static class PixelRunChanges
{
    public static IReadOnlyList<PixelRunChange> From(IEnumerable<PixelRun> runs) =>
        [.. runs.Select(run => new PixelRunChange(run.Start, run.Length))];
}
