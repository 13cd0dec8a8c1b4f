using ScottPlot;

namespace DefectRefine.Evaluation;

/// <summary>PNG plots of F1 against answered queries, so a strategy's trajectory is seen and not only its last number.</summary>
public static class ExperimentPlots
{
    public const int Width = 900;
    public const int Height = 540;

    /// <summary>One experiment: the paper's F1 and the truth's patch and pixel F1 per stage, with the floor and ceiling as dashed lines.</summary>
    public static void WriteF1(ExperimentResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stages = result.Sessions.Prepend(result.Initial).ToList();
        var answers = stages.Select(s => (double)s.AnsweredQueries).ToArray();
        var plot = NewPlot($"{result.Config.Strategy} · {result.Config.Feedback} · {result.Config.Refine} · seed {result.Config.Seed}");
        AddLine(plot, answers, [.. stages.Select(s => s.Paper.F1)], "paper F1 (vs initial labels)", Colors.Gray);
        AddLine(plot, answers, [.. stages.Select(s => s.Truth.PatchF1)], "truth patch F1", Colors.SteelBlue);
        AddLine(plot, answers, [.. stages.Select(s => s.Truth.PixelF1)], "truth pixel F1", Colors.DarkOrange);
        AddLevel(plot, result.Floor.Truth.PixelF1, "floor pixel F1", Colors.FireBrick);
        AddLevel(plot, result.Ceiling.Truth.PixelF1, "ceiling pixel F1", Colors.ForestGreen);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Several configurations on one plot: mean pixel F1 against answered queries, one line each.</summary>
    public static void WriteComparison(IReadOnlyList<(string Label, double[] Answers, double[] PixelF1)> lines, string title, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var plot = NewPlot(title);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < lines.Count; i++)
            AddLine(plot, lines[i].Answers, lines[i].PixelF1, lines[i].Label, palette.GetColor(i));
        plot.SavePng(path, Width, Height);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("answered queries");
        plot.YLabel("F1");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color colour)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.Color = colour;
        line.LineWidth = 2;
        line.MarkerSize = 7;
    }

    private static void AddLevel(Plot plot, double y, string label, Color colour)
    {
        var level = plot.Add.HorizontalLine(y);
        level.LegendText = label;
        level.Color = colour;
        level.LinePattern = LinePattern.Dashed;
        level.LineWidth = 1.5f;
    }
}
