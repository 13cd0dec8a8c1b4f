using System.Diagnostics.Metrics;
using DefectRefine.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DefectRefine.UnitTests.ServiceDefaults;

public sealed class LoopMetricsTests
{
    [Fact]
    public void Each_recording_reaches_a_listener_with_its_project_and_outcome()
    {
        using var provider = new ServiceCollection().AddMetrics().AddSingleton<LoopMetrics>().BuildServiceProvider();
        var metrics = provider.GetRequiredService<LoopMetrics>();
        var project = Guid.NewGuid();
        var seen = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LoopMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.Start();

        metrics.QueryServed(project);
        metrics.QueryServed(project);
        metrics.LeaseExpired(project);
        metrics.Answer(project, AnswerOutcome.Accepted);
        metrics.Answer(project, AnswerOutcome.Refused);
        metrics.Training(project, TrainingOutcome.Diverged, TimeSpan.FromSeconds(12.5));
        metrics.BufferReady(project, 17);
        metrics.BufferReady(project, 9);
        listener.RecordObservableInstruments();

        Assert.Equal(2, seen.Count(s => s.Instrument == "defectrefine.queries.served"));
        Assert.Single(seen, s => s.Instrument == "defectrefine.leases.expired");
        Assert.Equal(["accepted", "refused"], seen.Where(s => s.Instrument == "defectrefine.answers").Select(s => s.Tags["outcome"]));
        var training = Assert.Single(seen, s => s.Instrument == "defectrefine.training.duration");
        Assert.Equal(12.5, training.Value);
        Assert.Equal("diverged", training.Tags["outcome"]);
        var ready = Assert.Single(seen, s => s.Instrument == "defectrefine.query_buffer.ready");
        Assert.Equal(9, ready.Value);
        Assert.All(seen, s => Assert.Equal(project.ToString(), s.Tags["project"]));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
            result[tag.Key] = tag.Value;
        return result;
    }
}
