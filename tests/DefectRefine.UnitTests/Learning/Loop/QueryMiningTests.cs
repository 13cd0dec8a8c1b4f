using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Loop;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.UnitTests.Learning.Loop;

public sealed class QueryMiningTests
{
    private static readonly Guid Image = Guid.NewGuid();

    private static EmbeddedPool Pool(int count)
    {
        var patches = Enumerable.Range(0, count).Select(i => new LabelledCentre(Image, i, i % 7, i % 3 == 0)).ToList();
        var probability = patches.Select((_, i) => (float)((i * 37 % 100) / 100.0)).ToArray();
        var embedding = patches.Select((_, i) => (float)i).ToArray();
        return new EmbeddedPool(patches, new PatchPredictions(probability, embedding, 1), "p-r001", 32);
    }

    [Theory]
    [InlineData(LoopQueryStrategy.Triplet)]
    [InlineData(LoopQueryStrategy.Random)]
    [InlineData(LoopQueryStrategy.Entropy)]
    public void Queries_of_one_pool_never_share_a_patch_and_stop_when_it_runs_out(LoopQueryStrategy strategy)
    {
        var plan = new MiningPlan(strategy, LoopAnchor.MaxEntropy, 20, 100, 1);
        var queries = QueryMining.Mine(Pool(50), Guid.NewGuid(), plan, 20, new Random(3), DateTimeOffset.UnixEpoch);

        Assert.Equal(4, queries.Count); // 50 patches hold four queries of 11 and not a fifth
        var patches = queries.SelectMany(q => new[] { q.Anchor }.Concat(q.Candidates)).Select(p => (p.X, p.Y)).ToList();
        Assert.Equal(patches.Count, patches.Distinct().Count());
        Assert.All(queries, q => Assert.Equal((10, "p-r001", strategy), (q.Candidates.Count, q.ModelVersion, q.Strategy)));
    }

    [Fact]
    public void A_mined_query_turns_back_into_the_learning_cores_query_unchanged()
    {
        var plan = new MiningPlan(LoopQueryStrategy.Triplet, LoopAnchor.Random, 1, 100, 1);
        var mined = QueryMining.Mine(Pool(30), Guid.NewGuid(), plan, 1, new Random(1), DateTimeOffset.UnixEpoch).Single();
        var query = QueryMining.ToQuery(mined);

        Assert.Equal(mined.QueryId, query.Id);
        Assert.Equal(QueryStrategy.Triplet, query.Strategy);
        Assert.Equal((mined.Anchor.X, mined.Anchor.Y), (query.Anchor.Centre.X, query.Anchor.Centre.Y));
        Assert.Equal(mined.Candidates.Select(c => (c.ImageId, c.X, c.Y, c.Role, c.LabelShown)),
            query.Candidates.Select(c => (c.Centre.ImageId, c.Centre.X, c.Centre.Y, c.Role, c.CurrentLabel)));
        var again = QueryMining.ToContract(query, mined.ProjectId, mined.MinedAt);
        Assert.Equal(mined.Candidates, again.Candidates);
        Assert.Equal(mined with { Candidates = [] }, again with { Candidates = [] });
    }

    [Fact]
    public void Patch_centres_pack_per_image_and_unpack_to_the_same_list()
    {
        var other = Guid.NewGuid();
        LabelledCentre[] centres = [new(Image, 1, 2, true), new(other, 3, 4, false), new(Image, 5, 6, false)];
        var packed = PatchCentreCodec.Pack(centres);

        Assert.Equal(2, packed.Count);
        Assert.Equal(centres.OrderBy(c => c.ImageId).ThenBy(c => c.X), PatchCentreCodec.Unpack(packed).OrderBy(c => c.ImageId).ThenBy(c => c.X));
    }

    [Fact]
    public void A_packed_image_with_lists_of_different_lengths_is_refused()
    {
        var broken = new ImagePatchCentres(Image, [1, 2], [3], [true, false]);
        Assert.Contains("must match", Assert.Throws<InvalidDataException>(() => PatchCentreCodec.Unpack([broken])).Message);
    }
}
