using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.Learning.Answers;

/// <summary>
/// Collects an answer's labels into one refinement per (image, granularity), in the order each first appears, so the
/// events keep the query's order and candidates from other images get their own events.
/// </summary>
internal sealed class RefinementsByImage(int patchSize)
{
    private readonly List<(Guid ImageId, RefinementGranularity Granularity, List<PatchLabel> Labels, List<ShiftLabel> Shifts)> _groups = [];

    public void Label(Guid imageId, RefinementGranularity granularity, PatchLabel label) => Group(imageId, granularity).Labels.Add(label);

    public void Shift(Guid imageId, ShiftLabel shift) => Group(imageId, RefinementGranularity.Shift).Shifts.Add(shift);

    public IReadOnlyList<ImageRefinement> ToList() =>
        [.. _groups.Select(group => new ImageRefinement(group.ImageId, group.Granularity, patchSize, group.Labels, group.Shifts))];

    private (Guid ImageId, RefinementGranularity Granularity, List<PatchLabel> Labels, List<ShiftLabel> Shifts) Group(Guid imageId, RefinementGranularity granularity)
    {
        // An answer has 11 patches: a linear search keeps first-appearance order without a second index.
        foreach (var group in _groups)
            if (group.ImageId == imageId && group.Granularity == granularity)
                return group;
        _groups.Add((imageId, granularity, [], []));
        return _groups[^1];
    }
}
