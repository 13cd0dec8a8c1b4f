using DefectRefine.Stations;

namespace DefectRefine.UnitTests.Stations;

public sealed class PrometheusTextTests
{
    private const string Scrape = """
        # TYPE defectrefine_answers_total counter
        defectrefine_answers_total{otel_scope_name="DefectRefine",outcome="accepted",project="a"} 12 1764520000000
        defectrefine_answers_total{otel_scope_name="DefectRefine",outcome="accepted",project="b"} 3
        defectrefine_answers_total{otel_scope_name="DefectRefine",outcome="undone",project="a"} 2
        defectrefine_answers_totally_different 99
        defectrefine_queries_served_total 7
        """;

    [Fact]
    public void Sums_a_metrics_samples_with_or_without_a_label_and_ignores_longer_names()
    {
        Assert.Equal(17, PrometheusText.Sum(Scrape, "defectrefine_answers_total"));
        Assert.Equal(15, PrometheusText.Sum(Scrape, "defectrefine_answers_total", ("outcome", "accepted")));
        Assert.Equal(14, PrometheusText.Sum(Scrape, "defectrefine_answers_total", ("project", "a")));
        Assert.Equal(7, PrometheusText.Sum(Scrape, "defectrefine_queries_served_total"));
        Assert.Equal(0, PrometheusText.Sum(Scrape, "defectrefine_leases_expired_total"));
    }
}
