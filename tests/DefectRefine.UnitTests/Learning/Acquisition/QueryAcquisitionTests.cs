using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.UnitTests.Learning.Acquisition;

public sealed class QueryAcquisitionTests
{
    private static readonly Guid Image = Guid.NewGuid();

    /// <summary>
    /// A pool on a line (1-D embeddings, d = Δx²): patch i sits at <paramref name="positions"/>[i] with the current
    /// label <paramref name="defect"/>[i] and defect probability <paramref name="probability"/>[i].
    /// </summary>
    private static EmbeddedPool Pool(float[] positions, bool[] defect, float[]? probability = null)
    {
        var patches = positions.Select((_, i) => new LabelledCentre(Image, i, 0, defect[i])).ToList();
        probability ??= [.. defect.Select(d => d ? 0.9f : 0.1f)];
        return new EmbeddedPool(patches, new PatchPredictions(probability, positions, 1), "m-7", 32);
    }

    [Fact]
    public void A_similarity_query_takes_the_five_farthest_positives_and_the_five_closest_negatives_of_the_anchor()
    {
        // Anchor 0 (background at 0). Background at 1..8 → farthest five are 8,7,6,5,4. Defects at 0.5, 2.5, 3, 9, 10,
        // 11, 12 → closest five are 0.5, 2.5, 3, 9, 10.
        float[] positions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0.5f, 2.5f, 3, 9, 10, 11, 12];
        bool[] defect = [.. Enumerable.Range(0, 16).Select(i => i >= 9)];
        var probability = positions.Select((_, i) => i == 0 ? 0.5f : 0.05f).ToArray();

        var used = new HashSet<int>();
        var query = QueryAcquisition.Similarity(Pool(positions, defect, probability), AnchorStrategy.MaxEntropy, new Random(1), used);

        Assert.Equal(new PatchCentre(Image, 0, 0), query.Anchor.Centre);
        Assert.Equal(CandidateRole.Anchor, query.Anchor.Role);
        Assert.Equal([8, 7, 6, 5, 4], query.Candidates.Where(c => c.Role == CandidateRole.HardestPositive).Select(c => c.Centre.X));
        Assert.Equal([9, 10, 11, 12, 13], query.Candidates.Where(c => c.Role == CandidateRole.HardestNegative).Select(c => c.Centre.X));
        Assert.Equal(64, query.Candidates[0].Distance, 1e-5);
        Assert.Equal(0.25, query.Candidates[5].Distance, 1e-5);
        Assert.Equal("m-7", query.ModelVersion);
        Assert.Equal(QueryStrategy.Triplet, query.Strategy);
        Assert.Equal(11, used.Count);
        Assert.Equal(11, query.CandidatesShown().Count);
    }

    [Fact]
    public void The_max_entropy_anchor_is_the_patch_whose_probability_is_nearest_one_half()
    {
        var positions = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var defect = positions.Select(p => p >= 10).ToArray();
        var probability = positions.Select(p => p == 13 ? 0.45f : p == 4 ? 0.3f : 0.02f).ToArray();
        var query = QueryAcquisition.Similarity(Pool(positions, defect, probability), AnchorStrategy.MaxEntropy, new Random(1), new HashSet<int>());
        Assert.Equal(13, query.Anchor.Centre.X);
        Assert.True(query.Anchor.CurrentLabel);
        Assert.Equal(0.45, query.Anchor.DefectProbability, 1e-6);
    }

    [Fact]
    public void Queries_drawn_from_one_pool_never_repeat_a_patch()
    {
        var random = new Random(3);
        var positions = Enumerable.Range(0, 60).Select(_ => random.NextSingle()).ToArray();
        var defect = positions.Select((_, i) => i % 3 == 0).ToArray();
        var pool = Pool(positions, defect);
        var used = new HashSet<int>();
        var seen = new HashSet<PatchCentre>();
        for (var q = 0; q < 5; q++)
        {
            var query = QueryAcquisition.Similarity(pool, AnchorStrategy.Random, random, used);
            foreach (var patch in query.Candidates.Append(query.Anchor))
                Assert.True(seen.Add(patch.Centre), $"patch {patch.Centre} shown twice");
        }
        var exhausted = Assert.Throws<InvalidOperationException>(() => QueryAcquisition.Similarity(pool, AnchorStrategy.Random, random, used));
        Assert.Contains("unused patches", exhausted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_the_pool_lacks_negatives_positives_fill_the_ten_places()
    {
        // 12 background patches and 2 defects; the anchor (most uncertain) is background at 5.
        float[] positions = [.. Enumerable.Range(0, 14).Select(i => (float)i)];
        bool[] defect = [.. positions.Select(p => p == 1 || p == 13)];
        var probability = positions.Select(p => p == 5 ? 0.4f : 0.05f).ToArray();
        var query = QueryAcquisition.Similarity(Pool(positions, defect, probability), AnchorStrategy.MaxEntropy, new Random(0), new HashSet<int>());
        Assert.Equal(5, query.Anchor.Centre.X);
        Assert.Equal(10, query.Candidates.Count);
        // Ties keep pool order: 0 before 10 (d = 25), 2 before 8 (d = 9), 3 before 7 (d = 4).
        Assert.Equal([12, 11, 0, 10, 9, 2, 8, 3], query.Candidates.Where(c => c.Role == CandidateRole.HardestPositive).Select(c => c.Centre.X));
        Assert.Equal([1, 13], query.Candidates.Where(c => c.Role == CandidateRole.HardestNegative).Select(c => c.Centre.X));
    }

    [Fact]
    public void The_entropy_baseline_takes_the_eleven_most_uncertain_patches()
    {
        var positions = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();
        var defect = positions.Select(p => p > 15).ToArray();
        var probability = positions.Select(p => 0.5f - (Math.Abs(p - 10) * 0.015f)).ToArray();
        var query = QueryAcquisition.EntropyTopK(Pool(positions, defect, probability), new HashSet<int>());
        Assert.Equal(10, query.Anchor.Centre.X);
        Assert.Equal(QueryStrategy.Entropy, query.Strategy);
        Assert.Equal(Enumerable.Range(5, 11).Where(x => x != 10).Order(), query.Candidates.Select(c => c.Centre.X).Order());
        Assert.All(query.Candidates, c => Assert.Equal(CandidateRole.HighEntropy, c.Role));
    }

    [Fact]
    public void The_random_baseline_draws_eleven_distinct_patches_reproducibly()
    {
        var positions = Enumerable.Range(0, 50).Select(i => (float)i).ToArray();
        var pool = Pool(positions, [.. positions.Select(p => p > 40)]);
        var first = QueryAcquisition.RandomQuery(pool, new Random(9), new HashSet<int>());
        var again = QueryAcquisition.RandomQuery(pool, new Random(9), new HashSet<int>());
        Assert.Equal(11, first.Candidates.Append(first.Anchor).Select(c => c.Centre).Distinct().Count());
        Assert.Equal(first.Candidates.Select(c => c.Centre), again.Candidates.Select(c => c.Centre));
        Assert.All(first.Candidates, c => Assert.Equal(CandidateRole.Random, c.Role));
    }
}
