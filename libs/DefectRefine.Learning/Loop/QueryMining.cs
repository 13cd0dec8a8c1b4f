using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Loop;

/// <summary>What the Miner service does with a pool, as a library call: queries by the project's strategy, as contracts.</summary>
public static class QueryMining
{
    /// <summary>Up to <paramref name="count"/> queries from one embedded pool, never sharing a patch; fewer when the pool runs out.</summary>
    public static IReadOnlyList<MinedQuery> Mine(EmbeddedPool pool, Guid projectId, MiningPlan plan, int count, Random random, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(random);
        var used = new HashSet<int>();
        var queries = new List<MinedQuery>(count);
        while (queries.Count < count && pool.Count - used.Count >= QueryAcquisition.CandidatesPerQuery + 1)
        {
            var query = plan.Strategy switch
            {
                LoopQueryStrategy.Random => QueryAcquisition.RandomQuery(pool, random, used),
                LoopQueryStrategy.Entropy => QueryAcquisition.EntropyTopK(pool, used),
                _ => QueryAcquisition.Similarity(pool, plan.Anchor.ToAnchorStrategy(), random, used),
            };
            queries.Add(ToContract(query, projectId, at));
        }
        return queries;
    }

    public static MinedQuery ToContract(Query query, Guid projectId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new MinedQuery(query.Id, projectId, query.ModelVersion, query.PatchSize, query.Strategy.ToContract(),
            ToContract(query.Anchor), [.. query.Candidates.Select(ToContract)], at);
    }

    /// <summary>The learning core's query again, to apply an answer to it.</summary>
    public static Query ToQuery(MinedQuery mined)
    {
        ArgumentNullException.ThrowIfNull(mined);
        return new Query(mined.QueryId, mined.ModelVersion, mined.PatchSize, mined.Strategy.ToQueryStrategy(),
            ToPatch(mined.Anchor), [.. mined.Candidates.Select(ToPatch)]);
    }

    private static MinedPatch ToContract(QueryPatch patch) =>
        new(patch.Centre.ImageId, patch.Centre.X, patch.Centre.Y, patch.Role, patch.CurrentLabel, patch.Distance, patch.DefectProbability);

    private static QueryPatch ToPatch(MinedPatch patch) =>
        new(new PatchCentre(patch.ImageId, patch.X, patch.Y), patch.Role, patch.LabelShown, patch.Distance, patch.DefectProbability);
}
