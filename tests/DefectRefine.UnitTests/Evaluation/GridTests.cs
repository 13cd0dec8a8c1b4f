using DefectRefine.Evaluation;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class GridTests
{
    [Fact]
    public void Expand_gives_triplet_rows_per_anchor_and_each_baseline_once_per_feedback()
    {
        var cells = GridCell.Expand([InitialLabels.Roi, InitialLabels.Seg], [SampleSource.Mask, SampleSource.Verified],
            [AnchorStrategy.Random, AnchorStrategy.MaxEntropy], [RefinementGranularity.CentrePixel], [QueryStrategy.Random, QueryStrategy.Entropy]);

        Assert.Equal(2 * 2 * (2 + 2), cells.Count);
        Assert.Equal(cells.Count, cells.Distinct().Count());
        Assert.Equal(
            ["Mask Update", "Mask Update with Entropy Selection", "Mask Update, random queries (baseline)", "Mask Update, entropy top-k (baseline)",
             "User Refined", "User Refined with Entropy Selection", "User Refined, random queries (baseline)", "User Refined, entropy top-k (baseline)"],
            cells.Where(c => c.Init == InitialLabels.Roi).Select(c => c.Row));
        Assert.All(cells.Where(c => c.Strategy != QueryStrategy.Triplet), c => Assert.Equal(AnchorStrategy.Random, c.Anchor));
    }

    [Fact]
    public void Expand_refuses_triplet_as_a_baseline_and_an_empty_axis()
    {
        Assert.Throws<ArgumentException>(() => GridCell.Expand([InitialLabels.Roi], [SampleSource.Mask], [AnchorStrategy.Random], [RefinementGranularity.Shift], [QueryStrategy.Triplet]));
        Assert.Throws<ArgumentException>(() => GridCell.Expand([], [SampleSource.Mask], [AnchorStrategy.Random], [RefinementGranularity.Shift], []));
        Assert.Throws<ArgumentException>(() => GridCell.Expand([InitialLabels.Roi], [SampleSource.Mask], [], [RefinementGranularity.Shift], []));
    }

    [Fact]
    public void Mean_and_spread_use_the_sample_standard_deviation()
    {
        Assert.Equal("0.500", GridReport.MeanSpread([0.5]));
        Assert.Equal("0.600 ± 0.100", GridReport.MeanSpread([0.5, 0.6, 0.7]));
    }

    [Fact]
    public void The_table_has_one_row_per_configuration_with_both_protocols_the_floor_and_ceiling_and_the_targets()
    {
        var triplet = new GridCell(InitialLabels.Roi, QueryStrategy.Triplet, AnchorStrategy.Random, SampleSource.Mask, RefinementGranularity.CentrePixel);
        var random = triplet with { Strategy = QueryStrategy.Random };
        var runs = new[]
        {
            Run(triplet, 1, 0.70), Run(triplet, 2, 0.80), Run(random, 1, 0.60), Run(random, 2, 0.64),
        };

        var table = GridReport.Markdown(runs, new Dictionary<string, string> { ["command"] = "test" });

        Assert.Contains("## Centre-pixel refinement (the paper's Table 1)", table, StringComparison.Ordinal);
        Assert.Contains("Roi: paper F1 | recall | precision | truth patch F1 | pixel F1 | IoU | gap |", table, StringComparison.Ordinal);
        var row = table.Split('\n').Single(l => l.StartsWith("| Mask Update |", StringComparison.Ordinal));
        Assert.Contains("0.750 ± 0.071", row, StringComparison.Ordinal); // pixel F1 of seeds 1 and 2
        Assert.Contains("| Floor: initial labels, no refinement |", table, StringComparison.Ordinal);
        Assert.Contains("| Ceiling: true masks |", table, StringComparison.Ordinal);
        // Beside the refined training masks (F1 0.70 and 0.80), the label references, once per seed.
        var lines = table.Split('\n');
        Assert.Contains("0.750 ± 0.071", lines.Single(l => l.StartsWith("| refined: Mask Update |", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("| 0.400 ± 0.000 |", lines.Single(l => l.StartsWith("| reference: initial labels (as they are) |", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("| 0.600 ± 0.071 |", lines.Single(l => l.StartsWith("| reference: GrabCut in the labels (no expert) |", StringComparison.Ordinal)), StringComparison.Ordinal);
        var full = lines.Single(l => l.StartsWith("| Roi | 1, 2 | GrabCut in the labels (no expert) |", StringComparison.Ordinal));
        Assert.Contains("| 0.600 ± 0.071 | 0.400 ± 0.000 |", full, StringComparison.Ordinal);
        Assert.EndsWith("| 4 of 20 |", full.TrimEnd('\r'), StringComparison.Ordinal);
        // 0.75 − 0.62 = 0.13 above random; 0.75 is below 0.80.
        var targets = table.Split('\n').Single(l => l.StartsWith("| Mask Update, Roi, CentrePixel |", StringComparison.Ordinal));
        Assert.Contains("0.750 not met", targets, StringComparison.Ordinal);
        Assert.Contains("+0.130 met", targets, StringComparison.Ordinal);
    }

    private static GridRun Run(GridCell cell, int seed, double pixelF1)
    {
        static StageResult Stage(string name, int answers, double pixel) =>
            new(name, answers, answers * 3, 10, new PaperMetrics(0.9, 0.9, 0.9), new TruthMetrics(pixel, pixel, pixel / 2, pixel));
        var options = cell.Apply(new EvaluationOptions { Sessions = 1 }, seed);
        var result = new ExperimentResult(options, 8, 2, Stage("initial", 0, 0.5), [Stage("session 1", 50, pixelF1)],
            Stage("floor", 0, 0.5), Stage("ceiling", 0, 0.9), 1)
        {
            // The label references depend on the seed only: GrabCut 0.55 for seed 1, 0.65 for seed 2.
            References = new ReferenceScores(new MaskScores(0.4, 0.25, 0.3, 0.9), new MaskScores(0.45 + (0.1 * seed), 0.4, 0.6, 0.6),
                new MaskScores(0.41, 0.26, 0.3, 0.9), new MaskScores(0.5, 0.33, 0.5, 0.5), 10, 2),
        };
        return new GridRun(cell, seed, result);
    }
}
