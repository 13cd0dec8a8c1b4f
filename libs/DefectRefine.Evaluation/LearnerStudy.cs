using System.Diagnostics;
using System.Globalization;
using System.Text;
using DefectRefine.Learning.Pixel;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Evaluation;

/// <summary>One pixel-model set-up of a learner study: its shape and its training budget.</summary>
public sealed record LearnerSetup(int Width, int Steps, int CropSize, int BatchSize, double DiceWeight)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"width {Width}, {Steps} steps of {BatchSize} × {CropSize} px{(DiceWeight > 0 ? $", Dice {DiceWeight:0.##}" : "")}");

    /// <summary>Before any image is loaded: a bad width, crop or budget is named at once.</summary>
    public void Validate()
    {
        new PixelNetConfig { Width = Width }.Validate();
        Options(seed: 1).Validate();
    }

    internal PixelTrainingOptions Options(int seed) => new()
    {
        Steps = Steps, CropSize = CropSize, BatchSize = BatchSize, DiceWeight = DiceWeight, Seed = seed + 99_000,
        ProgressEverySteps = Math.Max(25, Steps / 4),
    };
}

/// <summary>What one set-up reached: the ceiling (trained on the true masks) scored on the test images, and its cost.</summary>
public sealed record LearnerStudyRow(LearnerSetup Setup, int Seed, long Parameters, double Seconds, double MsPerStep, double PixelF1, double PixelIou, double Precision, double Recall)
{
    /// <summary>Seconds a session of <paramref name="steps"/> steps would take at the measured rate.</summary>
    public double SecondsFor(int steps) => MsPerStep * steps / 1000.0;
}

/// <summary>
/// The learner's ceiling under several shapes and budgets (issue 17, item 2: choose the learner by measurement): each
/// set-up is trained from scratch on the true masks of the training images and its dense maps are scored on the test
/// images, so what limits the ceiling — capacity, context, steps — can be told apart from what limits refinement.
/// </summary>
public static class LearnerStudy
{
    public static IReadOnlyList<LearnerStudyRow> Run(IReadOnlyList<EvaluationImage> train, IReadOnlyList<EvaluationImage> test,
        IReadOnlyList<LearnerSetup> setups, IReadOnlyList<int> seeds, Action<LearnerStudyRow>? measured = null,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException("A learner study needs training and test images.");
        var targets = train.Select(t => PixelTargets.Build(new StandardisedImage(t.Pixels), t.Truth, LabelPrior.None)).ToList();
        var testImages = test.Select(t => new StandardisedImage(t.Pixels)).ToList();
        var rows = new List<LearnerStudyRow>();
        foreach (var seed in seeds)
        {
            foreach (var setup in setups)
            {
                progress?.Invoke($"{setup.Name}, seed {seed} ...");
                using var model = PixelModel.Create(new PixelNetConfig { Width = setup.Width }, seed: seed);
                var clock = Stopwatch.StartNew();
                var trained = PixelTrainer.Train(model, targets, setup.Options(seed), progress, cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                var dense = new Confusion();
                for (var i = 0; i < test.Count; i++)
                {
                    var map = RefinedMaskComposer.Compose(model.Segment(testImages[i]), new BinaryMask(test[i].Pixels.Width, test[i].Pixels.Height), LabelPrior.None);
                    PixelScores.Add(ref dense, map, test[i].Truth);
                }
                var row = new LearnerStudyRow(setup, seed, model.ParameterCount, Math.Round(seconds, 1), Math.Round(1000 * seconds / trained.Steps, 1),
                    Math.Round(dense.F1, 4), Math.Round(dense.Iou, 4), Math.Round(dense.Precision, 4), Math.Round(dense.Recall, 4));
                rows.Add(row);
                measured?.Invoke(row);
            }
        }
        return rows;
    }

    /// <summary>A markdown table: one row per set-up, mean ± sample standard deviation over the seeds.</summary>
    public static string Table(IReadOnlyList<LearnerStudyRow> rows, int sessionSteps)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| set-up | parameters | ms/step | s per {sessionSteps}-step session | seeds | test pixel F1 | IoU | precision | recall |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => r.Setup))
        {
            var g = group.ToList();
            var ms = g.Average(r => r.MsPerStep);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Name} | {g[0].Parameters:N0} | {ms:F0} | {ms * sessionSteps / 1000:F1} | {string.Join(",", g.Select(r => r.Seed))} | {Spread(g.Select(r => r.PixelF1))} | {Spread(g.Select(r => r.PixelIou))} | {Spread(g.Select(r => r.Precision))} | {Spread(g.Select(r => r.Recall))} |");
        }
        return text.ToString();
    }

    private static string Spread(IEnumerable<double> values)
    {
        var v = values.ToList();
        var mean = v.Average();
        if (v.Count < 2)
            return mean.ToString("F3", CultureInfo.InvariantCulture);
        var sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {sd:F3}");
    }
}
