using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>Masks of one image kept for a report's overlays, each compared with the truth; not part of results.json.</summary>
public sealed record MaskSample(string Name, GrayscaleImage Image, BinaryMask Truth, IReadOnlyList<(string Label, BinaryMask Mask)> Masks);

/// <summary>
/// Everything an experiment measured: after the initial training, after each session, and the two references — the
/// floor (the same budget on the initial labels, never refined) and the ceiling (the same budget on the true masks);
/// and the label references (<see cref="References"/>) that need no model.
/// </summary>
public sealed record ExperimentResult(
    EvaluationOptions Config,
    int TrainImages,
    int TestImages,
    StageResult Initial,
    IReadOnlyList<StageResult> Sessions,
    StageResult Floor,
    StageResult Ceiling,
    double Seconds)
{
    /// <summary>The initial labels as they are and GrabCut in them, on the same images and labels: what no expert gives.</summary>
    public required ReferenceScores References { get; init; }

    /// <summary>A few training masks (initial and refined) and test dense maps (final, floor, ceiling) for the overlays.</summary>
    public IReadOnlyList<MaskSample> Samples { get; init; } = [];

    /// <summary>Rounds whose model predicted (almost) no defect while its targets held defects, and what rescued them.</summary>
    public IReadOnlyList<string> CollapsedRounds { get; init; } = [];

    public StageResult Final => Sessions.Count > 0 ? Sessions[^1] : Initial;

    /// <summary>Share of the floor-to-ceiling gap in dense pixel F1 that refinement closed (0 when there is no gap).</summary>
    public double GapClosed =>
        Ceiling.Truth.PixelF1 - Floor.Truth.PixelF1 is var gap && gap > 1e-9 ? Math.Round((Final.Truth.PixelF1 - Floor.Truth.PixelF1) / gap, 4) : 0;
}
