using System.Globalization;
using System.Text;
using System.Text.Json;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;

namespace DefectRefine.Evaluation;

/// <summary>
/// A grid's tables in the form of the paper's Tables 1–3 (one per granularity, rows feedback × anchor, columns per
/// initial labelling), with the paper's protocol and ours side by side, as mean ± standard deviation over seeds.
/// </summary>
public static class GridReport
{
    public static void Write(IReadOnlyList<GridRun> runs, string folder, IReadOnlyDictionary<string, string> provenance)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Directory.CreateDirectory(folder);
        var document = new
        {
            provenance,
            runs = runs.Select(r => new
            {
                cell = r.Cell,
                row = r.Cell.Row,
                seed = r.Seed,
                folder = RunFolder(r),
                final = r.Result.Final,
                sessions = r.Result.Sessions,
                initial = r.Result.Initial,
                floor = r.Result.Floor,
                ceiling = r.Result.Ceiling,
                gap_closed = r.Result.GapClosed,
                references = r.Result.References,
                seconds = r.Result.Seconds,
            }),
        };
        File.WriteAllText(Path.Combine(folder, "grid.json"), JsonSerializer.Serialize(document, ExperimentReport.Json));
        foreach (var group in runs.GroupBy(r => (r.Cell.Init, r.Cell.Refine)))
        {
            var lines = group.GroupBy(r => r.Cell).Select(cell =>
            {
                var stages = cell.Select(r => r.Result.Sessions.Prepend(r.Result.Initial).ToList()).ToList();
                var count = stages.Min(s => s.Count);
                return (cell.Key.Row, Enumerable.Range(0, count).Select(i => (double)stages[0][i].AnsweredQueries).ToArray(),
                    Enumerable.Range(0, count).Select(i => stages.Average(s => s[i].Truth.PixelF1)).ToArray());
            }).ToList();
            ExperimentPlots.WriteComparison(lines, $"{group.Key.Init} · {group.Key.Refine}: mean truth pixel F1", Path.Combine(folder, PlotName(group.Key.Init, group.Key.Refine)));
        }
        File.WriteAllText(Path.Combine(folder, "grid.md"), Markdown(runs, provenance));
    }

    /// <summary>Where a run's own results.json, report and overlays go, relative to the grid folder.</summary>
    public static string RunFolder(GridRun run) => Path.Combine("runs", $"{run.Cell.Slug}-seed{run.Seed}");

    public static string Markdown(IReadOnlyList<GridRun> runs, IReadOnlyDictionary<string, string> provenance)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        text.AppendLine("# Refinement grid (simulated expert)");
        text.AppendLine();
        foreach (var (key, value) in provenance)
            text.AppendLine(CultureInfo.InvariantCulture, $"- {key}: `{value}`");
        if (runs.Count > 0)
        {
            var c = runs[0].Result.Config;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {runs[0].Result.TrainImages} training and {runs[0].Result.TestImages} test images; {c.Sessions} sessions × {c.QueriesPerSession} queries; {c.InitialSteps} + {c.Sessions} × {c.SessionSteps} training steps; expert noise {c.ExpertNoise}; seeds {string.Join(", ", runs.Select(r => r.Seed).Distinct())}; {runs.Sum(r => r.Result.Seconds) / 60:F0} min in all");
        }
        text.AppendLine();
        text.AppendLine("Each cell is the mean ± standard deviation over seeds after the last session. **Paper**: the model's patch label against the *initial* labels at 128 uniform centres per test image (F1, recall, precision), as in the paper. **Truth**: patch F1 at the same centres against the true masks, and the dense map's pixel F1 and IoU over every test pixel. *Gap*: share of the floor-to-ceiling gap in pixel F1 closed.");
        foreach (var refine in runs.Select(r => r.Cell.Refine).Distinct())
        {
            var inRefine = runs.Where(r => r.Cell.Refine == refine).ToList();
            var inits = inRefine.Select(r => r.Cell.Init).Distinct().ToList();
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {TableTitle(refine)}");
            text.AppendLine();
            text.Append("| |");
            foreach (var init in inits)
                text.Append(CultureInfo.InvariantCulture, $" {init}: paper F1 | recall | precision | truth patch F1 | pixel F1 | IoU | gap |");
            text.AppendLine();
            text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", 7 * inits.Count)));
            foreach (var row in inRefine.Select(r => r.Cell with { Init = InitialLabels.Roi }).Distinct())
            {
                text.Append(CultureInfo.InvariantCulture, $"| {row.Row} |");
                foreach (var init in inits)
                {
                    var cell = inRefine.Where(r => r.Cell == row with { Init = init }).Select(r => r.Result).ToList();
                    AppendStage(text, cell.Select(r => r.Final).ToList(), cell.Select(r => r.GapClosed).ToList());
                }
                text.AppendLine();
            }
            foreach (var (name, pick) in new (string, Func<ExperimentResult, StageResult>)[] { ("Floor: initial labels, no refinement", r => r.Floor), ("Ceiling: true masks", r => r.Ceiling) })
            {
                text.Append(CultureInfo.InvariantCulture, $"| {name} |");
                foreach (var init in inits)
                {
                    // Floor and ceiling are shared by every cell of a seed: one value per seed.
                    var stages = inRefine.Where(r => r.Cell.Init == init).GroupBy(r => r.Seed).Select(g => pick(g.First().Result)).ToList();
                    AppendStage(text, stages, null);
                }
                text.AppendLine();
            }
            text.AppendLine();
            AppendMasks(text, inRefine, inits);
            text.AppendLine();
            foreach (var init in inits)
                text.AppendLine(CultureInfo.InvariantCulture, $"![{init}, {refine}]({PlotName(init, refine)})");
        }

        AppendReferences(text, runs);

        text.AppendLine();
        text.AppendLine("## Against our targets");
        text.AppendLine();
        text.AppendLine("| configuration | pixel F1 ≥ 0.80 | gap closed ≥ 50 % | paper F1 ≥ 0.90 | triplet − random pixel F1 ≥ 0.05 |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var cell in runs.Where(r => r.Cell.Strategy == QueryStrategy.Triplet).Select(r => r.Cell).Distinct())
        {
            var mine = runs.Where(r => r.Cell == cell).Select(r => r.Result).ToList();
            var random = runs.Where(r => r.Cell == cell with { Strategy = QueryStrategy.Random, Anchor = AnchorStrategy.Random }).Select(r => r.Result).ToList();
            var pixel = mine.Average(r => r.Final.Truth.PixelF1);
            var gap = mine.Average(r => r.GapClosed);
            var paper = mine.Average(r => r.Final.Paper.F1);
            var versus = random.Count == 0 ? "no random baseline run" : Verdict(pixel - random.Average(r => r.Final.Truth.PixelF1), 0.05, "+0.000;−0.000");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {cell.Row}, {cell.Init}, {cell.Refine} | {Verdict(pixel, 0.80, "0.000")} | {Verdict(gap, 0.5, "0%")} | {Verdict(paper, 0.90, "0.000")} | {versus} |");
        }
        return text.ToString();
    }

    /// <summary>The refined training masks of each row beside the two label references, in pixel F1 against the truth.</summary>
    private static void AppendMasks(StringBuilder text, IReadOnlyList<GridRun> inRefine, IReadOnlyList<InitialLabels> inits)
    {
        text.AppendLine("Training masks against the truth (pixel F1), after the last session, beside what the same labels give with no expert:");
        text.AppendLine();
        text.AppendLine("| training masks |" + string.Concat(inits.Select(i => $" {i} |")));
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", inits.Count)));
        foreach (var row in inRefine.Select(r => r.Cell with { Init = InitialLabels.Roi }).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"| refined: {row.Row} |");
            foreach (var init in inits)
            {
                var values = inRefine.Where(r => r.Cell == row with { Init = init }).Select(r => r.Result.Final.Truth.MasksPixelF1).ToList();
                text.Append(' ').Append(values.Count == 0 ? "" : MeanSpread(values)).Append(" |");
            }
            text.AppendLine();
        }
        foreach (var (name, pick) in ReferenceRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| reference: {name} |");
            foreach (var init in inits)
                text.Append(' ').Append(MeanSpread(PerSeed(inRefine, init).Select(r => pick(r).PixelF1).ToList())).Append(" |");
            text.AppendLine();
        }
    }

    /// <summary>The label references in full, on the training images and the test images, once per initial labelling.</summary>
    private static void AppendReferences(StringBuilder text, IReadOnlyList<GridRun> runs)
    {
        if (runs.Count == 0)
            return;
        text.AppendLine();
        text.AppendLine("## References with no expert");
        text.AppendLine();
        text.AppendLine("The initial labels as they are, and GrabCut seeded by their boxes, on the same images and initial labels as the runs; pixel scores summed over the images, mean ± standard deviation over seeds.");
        text.AppendLine();
        var measured = runs.Select(r => r.Cell.Init).Distinct()
            .SelectMany(init => runs.Where(r => r.Cell.Init == init).GroupBy(r => r.Seed).Select(g => (init, g.Key, g.First().Result.References)))
            .ToList();
        text.Append(LabelReferences.Table(measured, eachSeed: false));
    }

    private static readonly (string Name, Func<ReferenceScores, MaskScores> Pick)[] ReferenceRows =
        [(ReferenceScores.LabelsName, r => r.Labels), (ReferenceScores.GrabCutName, r => r.GrabCut)];

    /// <summary>The label references depend only on the initial labels and the seed: one value per seed.</summary>
    private static IEnumerable<ReferenceScores> PerSeed(IEnumerable<GridRun> runs, InitialLabels init) =>
        runs.Where(r => r.Cell.Init == init).GroupBy(r => r.Seed).Select(g => g.First().Result.References);

    public static string TableTitle(RefinementGranularity refine) => refine switch
    {
        RefinementGranularity.CentrePixel => "Centre-pixel refinement (the paper's Table 1)",
        RefinementGranularity.Shift => "Shift refinement (the paper's Table 2)",
        _ => "Whole-patch refinement (the paper's Table 3)",
    };

    private static string PlotName(InitialLabels init, RefinementGranularity refine) => $"pixel-f1-{init}-{refine}.png".ToLowerInvariant();

    private static string Verdict(double value, double goal, string format) =>
        $"{value.ToString(format, CultureInfo.InvariantCulture)} {(value >= goal ? "met" : "not met")}";

    private static void AppendStage(StringBuilder text, IReadOnlyList<StageResult> stages, IReadOnlyList<double>? gaps)
    {
        if (stages.Count == 0)
        {
            text.Append(" | | | | | | |");
            return;
        }
        foreach (var values in new[]
        {
            stages.Select(s => s.Paper.F1), stages.Select(s => s.Paper.Recall), stages.Select(s => s.Paper.Precision),
            stages.Select(s => s.Truth.PatchF1), stages.Select(s => s.Truth.PixelF1), stages.Select(s => s.Truth.PixelIou),
        })
        {
            text.Append(' ').Append(MeanSpread(values.ToList())).Append(" |");
        }
        text.Append(' ').Append(gaps is null ? "—" : MeanSpread(gaps)).Append(" |");
    }

    /// <summary>"0.812 ± 0.013": the mean and the sample standard deviation; the mean alone for one seed.</summary>
    public static string MeanSpread(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mean = values.Average();
        if (values.Count < 2)
            return mean.ToString("0.000", CultureInfo.InvariantCulture);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.000} ± {sd:0.000}");
    }
}
