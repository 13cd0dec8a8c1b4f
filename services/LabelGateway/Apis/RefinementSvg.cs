using System.Globalization;
using System.Text;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// The status page's F1 plots as inline SVG, so the page stays one self-refreshing document without scripts. The
/// project's plot zooms to its values with labelled ticks; the per-image sparklines keep a fixed 0..1 scale, so rows
/// compare at a glance.
/// </summary>
public static class RefinementSvg
{
    /// <summary>The project's F1 after each answer, on a zoomed axis (<see cref="Range"/>), session starts as dashed lines, and the first and last values.</summary>
    public static string Plot(IReadOnlyList<RefinementPoint> series, int width = 560, int height = 170)
    {
        const int left = 40, right = 84, top = 10, bottom = 28;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var steps = series.Count == 0 ? 0 : series[^1].Step;
        var lastStep = Math.Max(1, steps);
        double X(int step) => left + (plotWidth * step / (double)lastStep);
        var (low, high) = Range(series.Select(p => p.F1));
        double Y(double f1) => top + (plotHeight * (high - f1) / (high - low));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"f1-plot\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title>Pixel F1 of the current masks against the truth, after each answer</title>");
        foreach (var tick in new[] { low, (low + high) / 2, high })
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{Y(tick):F1}\" y2=\"{Y(tick):F1}\" stroke=\"#ddd\"/><text x=\"{left - 6}\" y=\"{Y(tick) + 4:F1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#666\">{tick:0.000}</text>");
        foreach (var point in series.Where(p => p.NewSession))
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(point.Step):F1}\" x2=\"{X(point.Step):F1}\" y1=\"{top}\" y2=\"{top + plotHeight}\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"><title>a new session starts at answer {point.Step}</title></line>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (plotWidth / 2)}\" y=\"{height - 6}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#666\">{(steps == 0 ? "no answers yet" : $"answers applied (undos count too): {steps}")}</text>");
        var defined = series.Where(p => p.F1 is not null).ToList();
        if (defined.Count > 0)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"");
            foreach (var p in defined)
                svg.Append(CultureInfo.InvariantCulture, $"{X(p.Step):F1},{Y(p.F1!.Value):F1} ");
            svg.Append("\"/>");
            if (defined.Count <= 80)
                foreach (var p in defined)
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Step):F1}\" cy=\"{Y(p.F1!.Value):F1}\" r=\"2.5\" fill=\"{(p.Kind == "undo" ? "#c62828" : "#1565c0")}\"><title>{Describe(p)}</title></circle>");
            var first = defined[0];
            var last = defined[^1];
            if (defined.Count > 1)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(first.Step) + 4:F1}\" y=\"{Y(first.F1!.Value) - 6:F1}\" font-size=\"11\" fill=\"#333\">initial {first.F1:F3}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(last.Step) + 6:F1}\" y=\"{Y(last.F1!.Value) + 4:F1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#1565c0\">now {last.F1:F3}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>An image's F1 after each of its versions, as a small line without axes (same 0..1 scale).</summary>
    public static string Sparkline(IReadOnlyList<double?> series, int width = 120, int height = 24)
    {
        var points = series.Select((f1, i) => (f1, i)).Where(p => p.f1 is not null).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"sparkline\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" x2=\"{width}\" y1=\"{height - 1}\" y2=\"{height - 1}\" stroke=\"#eee\"/>");
        if (points.Count == 1)
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"2\" cy=\"{SparkY(points[0].f1!.Value, height):F1}\" r=\"2\" fill=\"#1565c0\"/>");
        else if (points.Count > 1)
        {
            var last = Math.Max(1, series.Count - 1);
            svg.Append("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\" points=\"");
            foreach (var (f1, i) in points)
                svg.Append(CultureInfo.InvariantCulture, $"{2 + ((width - 4) * i / (double)last):F1},{SparkY(f1!.Value, height):F1} ");
            svg.Append("\"/>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The F1 axis: the values' range widened to at least <see cref="MinimumSpan"/> and kept inside 0..1. Zoomed, so a
    /// real change is visible; never so far that a change in the fourth decimal looks like a leap.
    /// </summary>
    public static (double Low, double High) Range(IEnumerable<double?> values)
    {
        var defined = values.OfType<double>().ToList();
        if (defined.Count == 0)
            return (0, 1);
        double low = defined.Min(), high = defined.Max();
        var pad = Math.Max((MinimumSpan - (high - low)) / 2, (high - low) * 0.1);
        low -= pad;
        high += pad;
        // Past an end of 0..1, the span slides inward rather than shrinking.
        if (low < 0)
            (low, high) = (0, Math.Min(1, high - low));
        if (high > 1)
            (low, high) = (Math.Max(0, low - (high - 1)), 1);
        return (low, high);
    }

    public const double MinimumSpan = 0.05;

    private static double SparkY(double f1, int height) => 2 + ((height - 4) * (1 - f1));

    private static string Describe(RefinementPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{(p.Kind == "initial" ? "initial labels" : $"after {p.Step} ({p.Kind})")}: F1 {p.F1:F3}, {p.At:u}");
}
