namespace DefectRefine.Learning.Pixel;

/// <summary>What one training round of the pixel model did, and whether it had to be rescued from a collapse.</summary>
public sealed record PixelRoundResult(int Steps, double Loss, double DefectRecall, bool Collapsed, double? RecallAfterRetry)
{
    /// <summary>A collapsed round that rebalancing could not rescue: its maps must not be trusted.</summary>
    public bool Failed => Collapsed && RecallAfterRetry is not > PixelRound.MinimumDefectRecall;

    public string Describe() => !Collapsed
        ? $"defect recall on its targets {DefectRecall:F2}"
        : $"COLLAPSED (the model found {DefectRecall:P1} of the defect its targets hold): rebalanced the classes and retrained, recall now {RecallAfterRetry:P1}{(Failed ? " — still collapsed, round failed" : "")}";
}

/// <summary>
/// A training round with a guard against collapse: a model that predicts "no defect" almost everywhere, while its
/// targets hold defects, has failed to detect, however low its loss (on data where defects are rare, an unbalanced
/// loss can get there). Such a round is retried once from where it ended, with the classes weighted equally, and
/// reported either way.
/// </summary>
public static class PixelRound
{
    /// <summary>Below this share of the target defect found, the model has collapsed.</summary>
    public const double MinimumDefectRecall = 0.05;

    /// <summary>Images mapped to measure the recall; enough to see a collapse, few enough to stay cheap.</summary>
    public const int CheckedImages = 24;

    /// <summary>
    /// A round as the harness (PixelExperiment) and the Trainer run it: every labelled image at once, targets from the
    /// proposal inside the labels' prior region and the expert's labels at <see cref="PixelTargets.ExpertWeight"/>.
    /// </summary>
    public static PixelRoundResult Train(PixelModel model, IReadOnlyList<PixelLabelledImage> images, PixelTrainingOptions options,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var targets = images.Select(i => PixelTargets.Build(i.Image, i.Initial, i.Prior, i.Expert, i.Proposal)).ToList();
        return Train(model, targets, options, progress, cancellationToken);
    }

    public static PixelRoundResult Train(PixelModel model, IReadOnlyList<PixelTrainingImage> images, PixelTrainingOptions options,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        var trained = PixelTrainer.Train(model, images, options, progress, cancellationToken);
        var recall = DefectRecall(model, images);
        if (recall is null || recall >= MinimumDefectRecall)
            return new PixelRoundResult(trained.Steps, trained.Loss, recall ?? 1, Collapsed: false, RecallAfterRetry: null);
        var retried = PixelTrainer.Train(model, Rebalance(images), options with { Seed = options.Seed + 7919 }, progress, cancellationToken);
        return new PixelRoundResult(trained.Steps + retried.Steps, retried.Loss, recall.Value, Collapsed: true, DefectRecall(model, images));
    }

    /// <summary>
    /// Of the pixels the targets call defect (with weight), the share the model's map calls defect, over up to
    /// <see cref="CheckedImages"/> images that hold any; null when no target holds a defect (nothing to find).
    /// </summary>
    public static double? DefectRecall(PixelModel model, IReadOnlyList<PixelTrainingImage> images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        var withDefects = images.Where(HoldsDefect).ToList();
        if (withDefects.Count == 0)
            return null;
        var stride = Math.Max(1, withDefects.Count / CheckedImages);
        long found = 0, total = 0;
        for (var i = 0; i < withDefects.Count; i += stride)
        {
            var image = withDefects[i];
            var probability = model.Segment(image.Image);
            for (var p = 0; p < probability.Length; p++)
            {
                if (image.Weight[p] <= 0 || image.Target[p] <= 0.5f)
                    continue;
                total++;
                if (probability[p] > 0.5f)
                    found++;
            }
        }
        return total == 0 ? null : found / (double)total;
    }

    /// <summary>Copies whose defect pixels weigh, in all, as much as their background pixels.</summary>
    public static IReadOnlyList<PixelTrainingImage> Rebalance(IReadOnlyList<PixelTrainingImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        double defect = 0, background = 0;
        foreach (var image in images)
            for (var p = 0; p < image.Target.Length; p++)
            {
                if (image.Target[p] > 0.5f)
                    defect += image.Weight[p];
                else
                    background += image.Weight[p];
            }
        if (defect <= 0 || background <= 0)
            return images;
        var factor = (float)(background / defect);
        return [.. images.Select(image =>
        {
            var weight = (float[])image.Weight.Clone();
            for (var p = 0; p < weight.Length; p++)
                if (image.Target[p] > 0.5f)
                    weight[p] *= factor;
            return image with { Weight = weight };
        })];
    }

    private static bool HoldsDefect(PixelTrainingImage image)
    {
        for (var p = 0; p < image.Target.Length; p++)
            if (image.Weight[p] > 0 && image.Target[p] > 0.5f)
                return true;
        return false;
    }
}
