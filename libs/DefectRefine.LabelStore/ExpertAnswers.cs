using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.LabelStore;

/// <summary>
/// The pixels experts labelled in one mask stream, as the hard constraints of a refined mask: what each answer named
/// (a centre pixel, a whole patch, a clicked defect) and the regions its labels reached, in stream order so the later
/// answer wins (a named pixel always beats a reached one, <see cref="ExpertLayer"/>); an undone answer constrains nothing. The initial labels and the model's proposals are not answers.
/// </summary>
public static class ExpertAnswers
{
    public static ExpertLayer Layer(int width, int height, IEnumerable<(long Version, object Data)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var stream = events.ToList();
        var undone = stream.Select(e => e.Data).OfType<RefinementReverted>().Select(r => r.RevertedVersion).ToHashSet();
        var layer = new ExpertLayer(width, height);
        foreach (var (version, data) in stream)
        {
            if (undone.Contains(version))
                continue;
            switch (data)
            {
                case CentrePixelsRefined e:
                    foreach (var reached in e.Propagation?.Regions ?? [])
                        layer.Propagate(MaskRunLength.Decode(width, height, reached.RunLengths), reached.Defect);
                    foreach (var label in e.Labels)
                        layer.Set(label.X, label.Y, label.Defect);
                    break;
                case PatchesRefined e:
                    foreach (var label in e.Labels)
                        layer.Set(PixelBox.Patch(label.X, label.Y, e.PatchSize), label.Defect);
                    break;
                case PatchesShifted e:
                    foreach (var shift in e.Shifts)
                        layer.Set(shift.X, shift.Y, true);
                    break;
            }
        }
        return layer;
    }

    /// <summary>How the initial labels bound the model (<see cref="LabelPrior"/>): boxes, a rough segmentation, or none (noise).</summary>
    public static LabelPrior PriorOf(InitialMaskKind kind) => kind switch
    {
        InitialMaskKind.Roi => LabelPrior.Boxes,
        InitialMaskKind.Segmentation => LabelPrior.Segmentation,
        _ => LabelPrior.None,
    };
}
