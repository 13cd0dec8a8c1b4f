using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.Learning.Acquisition;

/// <summary>
/// Chooses queries from an embedded pool: the paper's similarity query and the two baselines it is compared with.
/// <c>used</c> holds pool indices already put into a query; each call adds the ones it takes, so a buffer of queries
/// built from one pool never shows the same patch twice.
/// </summary>
public static class QueryAcquisition
{
    public const int CandidatesPerQuery = 10;

    /// <summary>
    /// The anchor (random or of maximum entropy) and, ranked by embedding distance to it, the 5 farthest patches
    /// with its current label (hardest positives) and the 5 closest with the other label (hardest negatives). Where
    /// the pool lacks one label, the other fills the 10 places.
    /// </summary>
    public static Query Similarity(EmbeddedPool pool, AnchorStrategy anchorStrategy, Random random, ISet<int> used, int positives = 5, int negatives = 5)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(used);
        var free = Free(pool, used, positives + negatives + 1);
        var anchor = anchorStrategy == AnchorStrategy.MaxEntropy
            ? free.MaxBy(pool.Entropy)
            : free[random.Next(free.Count)];
        var anchorLabel = pool.Patches[anchor].Defect;
        var others = free.Where(i => i != anchor).Select(i => (Index: i, Distance: pool.SquaredDistance(anchor, i))).ToList();
        var sameLabel = others.Where(o => pool.Patches[o.Index].Defect == anchorLabel).OrderByDescending(o => o.Distance).ToList();
        var otherLabel = others.Where(o => pool.Patches[o.Index].Defect != anchorLabel).OrderBy(o => o.Distance).ToList();

        var positiveCount = Math.Min(sameLabel.Count, positives + Math.Max(0, negatives - otherLabel.Count));
        var negativeCount = Math.Min(otherLabel.Count, positives + negatives - positiveCount);
        var chosen = sameLabel.Take(positiveCount).Select(o => (o.Index, o.Distance, CandidateRole.HardestPositive))
            .Concat(otherLabel.Take(negativeCount).Select(o => (o.Index, o.Distance, CandidateRole.HardestNegative)))
            .ToList();
        return Build(pool, QueryStrategy.Triplet, anchor, chosen, used);
    }

    /// <summary>Baseline: 11 patches drawn at random; the first is the anchor.</summary>
    public static Query RandomQuery(EmbeddedPool pool, Random random, ISet<int> used)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(random);
        var free = Free(pool, used, CandidatesPerQuery + 1).ToArray();
        random.Shuffle(free);
        var anchor = free[0];
        var chosen = free.Skip(1).Take(CandidatesPerQuery).Select(i => (i, pool.SquaredDistance(anchor, i), CandidateRole.Random)).ToList();
        return Build(pool, QueryStrategy.Random, anchor, chosen, used);
    }

    /// <summary>Baseline: the 11 patches of highest predictive entropy; the most uncertain is the anchor.</summary>
    public static Query EntropyTopK(EmbeddedPool pool, ISet<int> used)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var top = Free(pool, used, CandidatesPerQuery + 1).OrderByDescending(pool.Entropy).ThenBy(i => i).Take(CandidatesPerQuery + 1).ToList();
        var anchor = top[0];
        var chosen = top.Skip(1).Select(i => (i, pool.SquaredDistance(anchor, i), CandidateRole.HighEntropy)).ToList();
        return Build(pool, QueryStrategy.Entropy, anchor, chosen, used);
    }

    private static List<int> Free(EmbeddedPool pool, ISet<int> used, int needed)
    {
        ArgumentNullException.ThrowIfNull(used);
        var free = Enumerable.Range(0, pool.Count).Where(i => !used.Contains(i)).ToList();
        if (free.Count < needed)
            throw new InvalidOperationException($"The pool has {free.Count} unused patches; a query needs {needed}. Sample a larger pool.");
        return free;
    }

    private static Query Build(EmbeddedPool pool, QueryStrategy strategy, int anchor, List<(int Index, float Distance, CandidateRole Role)> chosen, ISet<int> used)
    {
        used.Add(anchor);
        foreach (var c in chosen)
            used.Add(c.Index);
        return new Query(Guid.NewGuid(), pool.ModelVersion, pool.PatchSize, strategy,
            Patch(pool, anchor, 0, CandidateRole.Anchor),
            [.. chosen.Select(c => Patch(pool, c.Index, c.Distance, c.Role))]);
    }

    private static QueryPatch Patch(EmbeddedPool pool, int index, float distance, CandidateRole role) =>
        new(pool.Patches[index].Centre, role, pool.Patches[index].Defect, distance, pool.Predictions.DefectProbability[index]);
}
