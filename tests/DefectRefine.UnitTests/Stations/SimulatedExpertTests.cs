using DefectRefine.Contracts.V1.Stations;
using DefectRefine.Masks;
using DefectRefine.Stations;

namespace DefectRefine.UnitTests.Stations;

public sealed class SimulatedExpertTests
{
    private static readonly Guid Image = Guid.NewGuid();

    private static BinaryMask Truth()
    {
        var mask = new BinaryMask(20, 20);
        for (var x = 0; x < 10; x++)
            for (var y = 0; y < 20; y++)
                mask[x, y] = true;
        return mask;
    }

    private static StationQuery Query(int anchorX, params int[] candidateX) => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, "v", 32, "CentrePixel",
        DateTimeOffset.UnixEpoch, new StationPatch(-1, Image, anchorX, 5, false),
        [.. candidateX.Select((x, i) => new StationPatch(i, Image, x, 5, false))]);

    [Fact]
    public void Marks_exactly_the_candidates_whose_true_label_is_the_anchors()
    {
        var expert = new SimulatedExpert(new Dictionary<Guid, BinaryMask> { [Image] = Truth() });
        var query = Query(2, 1, 15, 9, 10, 3);

        var answer = expert.Answer(query);

        Assert.True(answer.AnchorDefect);
        Assert.Equal([0, 2, 4], answer.SameAsAnchor);
        Assert.Empty(answer.Shifts);
        Assert.Equal((query.QueryId, query.LeaseId), (answer.QueryId, answer.LeaseId));
        Assert.Equal([1, 3], expert.Answer(Query(12, 1, 15, 9, 10, 3)).SameAsAnchor);
    }

    [Fact]
    public void A_tired_expert_gets_some_wrong_and_an_unknown_image_is_an_error()
    {
        var truth = new Dictionary<Guid, BinaryMask> { [Image] = Truth() };
        var wrong = Enumerable.Range(0, 50).Sum(_ => new SimulatedExpert(truth, errorRate: 0.5, seed: 3).Answer(Query(2, 1, 15, 9, 10, 3)).SameAsAnchor.Count);
        Assert.InRange(wrong, 60, 190); // 3 of 5 right per answer without errors: 150 in 50
        var stranger = Query(2, 1) with { Anchor = new StationPatch(-1, Guid.NewGuid(), 1, 1, false) };
        Assert.Throws<InvalidOperationException>(() => new SimulatedExpert(truth).Answer(stranger));
    }

    [Fact]
    public void Latency_percentiles_use_the_nearest_rank()
    {
        var latency = Latency.Of([.. Enumerable.Range(1, 100).Select(i => (double)i)]);
        Assert.Equal((100, 50.0, 95.0, 99.0, 100.0), (latency.Count, latency.P50, latency.P95, latency.P99, latency.Max));
        Assert.Equal(0, Latency.Of([]).Count);
    }

    [Fact]
    public void Simulation_options_refuse_nonsense()
    {
        var options = new SimulationOptions(new Uri("http://127.0.0.1:5100"), Guid.NewGuid()) { AccessToken = _ => "token" };
        options.Validate();
        Assert.Throws<ArgumentException>(() => (options with { Stations = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { ErrorRate = 2 }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { UndoEvery = -1 }).Validate());
    }
}
