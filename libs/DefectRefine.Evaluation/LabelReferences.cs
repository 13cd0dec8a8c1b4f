using System.Globalization;
using System.Text;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>Masks against the true masks, from one pixel confusion summed over every image (so large images weigh more).</summary>
public sealed record MaskScores(double PixelF1, double Iou, double Precision, double Recall)
{
    public static MaskScores From(Confusion confusion) =>
        new(Round(confusion.F1), Round(confusion.Iou), Round(confusion.Precision), Round(confusion.Recall));

    private static double Round(double value) => Math.Round(value, 4);
}

/// <summary>
/// What the labels give without an expert, on the experiment's own images and initial labels: the initial labels as
/// they are, and GrabCut seeded by their boxes. <see cref="Labels"/> and <see cref="GrabCut"/> are the labelled
/// (training) images, the masks refinement changes; the test images' labels are scored too, for completeness.
/// <see cref="Boxes"/> counts the labels' components on the training images, <see cref="KeptBoxes"/> those where
/// GrabCut found no defect (or could not run) and the labels were kept.
/// </summary>
public sealed record ReferenceScores(MaskScores Labels, MaskScores GrabCut, MaskScores TestLabels, MaskScores TestGrabCut, int Boxes, int KeptBoxes)
{
    public const string LabelsName = "initial labels (as they are)";
    public const string GrabCutName = "GrabCut in the labels (no expert)";
}

/// <summary>Scores the two references of <see cref="ReferenceScores"/>; GrabCut runs once per image and labels in a <see cref="ReferenceCache"/>.</summary>
public static class LabelReferences
{
    /// <summary>The references for the initial labels an experiment of <paramref name="init"/> and <paramref name="seed"/> simulates on these images.</summary>
    public static ReferenceScores Measure(
        IReadOnlyList<EvaluationImage> train,
        IReadOnlyList<EvaluationImage> test,
        InitialLabels init,
        int seed,
        ReferenceCache? cache = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return Measure(train, InitialMasks(train, init, seed, test: false), test, InitialMasks(test, init, seed, test: true), cache, cancellationToken);
    }

    public static ReferenceScores Measure(
        IReadOnlyList<EvaluationImage> train,
        IReadOnlyList<BinaryMask> trainInitial,
        IReadOnlyList<EvaluationImage> test,
        IReadOnlyList<BinaryMask> testInitial,
        ReferenceCache? cache = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainInitial);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(testInitial);
        if (train.Count != trainInitial.Count || test.Count != testInitial.Count)
            throw new ArgumentException("Every image needs exactly one initial mask.");
        cache ??= new ReferenceCache();
        var (labels, grabCut, boxes, kept) = Score(train, trainInitial, cache, cancellationToken);
        var (testLabels, testGrabCut, _, _) = Score(test, testInitial, cache, cancellationToken);
        return new ReferenceScores(labels, grabCut, testLabels, testGrabCut, boxes, kept);
    }

    /// <summary>The initial masks of these images exactly as the experiments simulate them (test images have their own seeds).</summary>
    internal static IReadOnlyList<BinaryMask> InitialMasks(IReadOnlyList<EvaluationImage> images, InitialLabels init, int seed, bool test) =>
        [.. images.Select((image, i) => RefinementExperiment.InitialMask(image.Truth, init, RefinementExperiment.Seed(seed, test ? 100_000 + i : i)))];

    public static string Describe(ReferenceScores references) =>
        $"references on the training images: {ReferenceScores.LabelsName} pixel F1 {references.Labels.PixelF1:F3}, " +
        $"{ReferenceScores.GrabCutName} pixel F1 {references.GrabCut.PixelF1:F3} ({references.KeptBoxes} of {references.Boxes} boxes kept)";

    /// <summary>
    /// A markdown table of the references, per initial labelling: one row per seed when <paramref name="eachSeed"/>, and
    /// the mean ± sample standard deviation over the seeds (the value alone for one seed).
    /// </summary>
    public static string Table(IReadOnlyList<(InitialLabels Init, int Seed, ReferenceScores Scores)> measured, bool eachSeed)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var text = new StringBuilder();
        text.AppendLine("| initial labels | seeds | reference | training: pixel F1 | IoU | precision | recall | test: pixel F1 | IoU | precision | recall | boxes kept |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in measured.GroupBy(m => m.Init))
        {
            var rows = eachSeed && group.Count() > 1
                ? group.Select(m => (Seeds: m.Seed.ToString(CultureInfo.InvariantCulture), Scores: (IReadOnlyList<ReferenceScores>)[m.Scores]))
                    .Append((string.Join(", ", group.Select(m => m.Seed)), [.. group.Select(m => m.Scores)]))
                : [(string.Join(", ", group.Select(m => m.Seed)), [.. group.Select(m => m.Scores)])];
            foreach (var (seeds, scores) in rows)
            {
                foreach (var (name, train, test) in new (string, Func<ReferenceScores, MaskScores>, Func<ReferenceScores, MaskScores>)[]
                {
                    (ReferenceScores.LabelsName, r => r.Labels, r => r.TestLabels),
                    (ReferenceScores.GrabCutName, r => r.GrabCut, r => r.TestGrabCut),
                })
                {
                    text.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {seeds} | {name} |");
                    foreach (var pick in new[] { train, test })
                    {
                        var picked = scores.Select(pick).ToList();
                        foreach (var values in new[] { picked.Select(s => s.PixelF1), picked.Select(s => s.Iou), picked.Select(s => s.Precision), picked.Select(s => s.Recall) })
                            text.Append(' ').Append(GridReport.MeanSpread(values.ToList())).Append(" |");
                    }
                    var kept = name == ReferenceScores.GrabCutName
                        ? string.Create(CultureInfo.InvariantCulture, $"{scores.Sum(s => s.KeptBoxes)} of {scores.Sum(s => s.Boxes)}")
                        : "";
                    text.AppendLine(CultureInfo.InvariantCulture, $" {kept} |");
                }
            }
        }
        return text.ToString();
    }

    private static (MaskScores Labels, MaskScores GrabCut, int Boxes, int Kept) Score(IReadOnlyList<EvaluationImage> images, IReadOnlyList<BinaryMask> initial,
        ReferenceCache cache, CancellationToken cancellationToken)
    {
        var outcomes = new GrabCutOutcome[images.Count];
        // GrabCut is about 0.2 s an image and independent per image; OpenCV's RNG is per thread and seeded per call.
        Parallel.For(0, images.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => outcomes[i] = cache.GrabCut(images[i].Pixels, initial[i]));
        var labels = new Confusion();
        var grabCut = new Confusion();
        for (var i = 0; i < images.Count; i++)
        {
            PixelScores.Add(ref labels, initial[i], images[i].Truth);
            PixelScores.Add(ref grabCut, outcomes[i].Mask, images[i].Truth);
        }
        return (MaskScores.From(labels), MaskScores.From(grabCut), outcomes.Sum(o => o.Boxes), outcomes.Sum(o => o.KeptBoxes));
    }
}
