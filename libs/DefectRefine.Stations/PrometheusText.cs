using System.Globalization;

namespace DefectRefine.Stations;

/// <summary>Sums of samples in Prometheus' text exposition format, as a scrape returns them.</summary>
public static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> (optionally with one label value) in <paramref name="text"/>.</summary>
    public static double Sum(string text, string metric, (string Name, string Value)? label = null)
    {
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal))
                continue;
            var rest = line[metric.Length..];
            string labels;
            if (rest.StartsWith('{'))
            {
                var end = rest.IndexOf('}', StringComparison.Ordinal);
                labels = rest[1..end];
                rest = rest[(end + 1)..];
            }
            else if (rest.StartsWith(' '))
            {
                labels = "";
            }
            else
            {
                continue; // another metric whose name starts with this one
            }
            if (label is { } wanted && !labels.Contains($"{wanted.Name}=\"{wanted.Value}\"", StringComparison.Ordinal))
                continue;
            sum += double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return sum;
    }
}
