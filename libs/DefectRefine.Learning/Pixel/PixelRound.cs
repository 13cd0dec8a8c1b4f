namespace DefectRefine.Learning.Pixel;

/// <summary>
/// A training round of the pixel learner, as the harness runs it (PixelExperiment): every labelled image at once,
/// targets from the proposal inside the labels' prior region and the expert's labels at <see cref="PixelTargets.ExpertWeight"/>.
/// </summary>
public static class PixelRound
{
    public static PixelTrainingResult Train(PixelModel model, IReadOnlyList<PixelLabelledImage> images, PixelTrainingOptions options,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var targets = images.Select(i => PixelTargets.Build(i.Image, i.Initial, i.Prior, i.Expert, i.Proposal)).ToList();
        return PixelTrainer.Train(model, targets, options, progress, cancellationToken);
    }
}
