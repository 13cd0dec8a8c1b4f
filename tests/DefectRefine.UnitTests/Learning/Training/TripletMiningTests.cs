using DefectRefine.Learning.Training;
using static TorchSharp.torch;

namespace DefectRefine.UnitTests.Learning.Training;

public sealed class TripletMiningTests
{
    // Points on a line (1-D embeddings) make every squared distance obvious: d(i, j) = (x_i - x_j)².
    private static (long[] Anchors, long[] Positives, long[] Negatives) Mine(float[] positions, long[] labels, double margin)
    {
        using var scope = NewDisposeScope();
        var embeddings = tensor(positions).unsqueeze(1);
        var distances = TripletMining.SquaredDistances(embeddings);
        var (a, p, n) = TripletMining.Mine(distances, tensor(labels), margin);
        return (a.data<long>().ToArray(), p.data<long>().ToArray(), n.data<long>().ToArray());
    }

    [Fact]
    public void Squared_distances_are_exact_and_never_negative()
    {
        using var scope = NewDisposeScope();
        var distances = TripletMining.SquaredDistances(tensor(new float[] { 0, 0, 3, 4, 1, 1 }, [3, 2]));
        Assert.Equal([0f, 25f, 2f, 25f, 0f, 13f, 2f, 13f, 0f], distances.data<float>().ToArray(), new FloatTolerance(1e-4f));
        Assert.True(distances.min().item<float>() >= 0);
    }

    [Fact]
    public void Each_anchor_takes_its_farthest_positive()
    {
        // Class 0 at 0, 1, 3; class 1 far away at 10, 11.
        var (anchors, positives, _) = Mine([0, 1, 3, 10, 11], [0, 0, 0, 1, 1], margin: 0.5);
        Assert.Equal([0L, 1, 2, 3, 4], anchors);
        Assert.Equal([2L, 2, 0, 4, 3], positives);
    }

    [Fact]
    public void A_semi_hard_negative_is_farther_than_the_positive_but_within_the_margin_and_the_closest_such()
    {
        // Anchor 0 at 0, positive at 1 (d_ap = 1). Negatives at d = 0.25 (too hard), 1.21 and 1.44 (semi-hard for α = 1),
        // 9 (too easy). The closest semi-hard one (1.1 → 1.21) is chosen, not the hardest (0.5).
        var (anchors, _, negatives) = Mine([0, 1, 0.5f, 1.1f, 1.2f, 3], [0, 0, 1, 1, 1, 1], margin: 1.0);
        Assert.Equal(0L, anchors[0]);
        Assert.Equal(3L, negatives[0]);
    }

    [Fact]
    public void Without_a_semi_hard_negative_the_hardest_negative_is_taken()
    {
        // d_ap = 1; negatives at d = 0.04 and 16: none lies in (1, 1 + 0.1), so the closest (index 2) is the fallback.
        var (anchors, _, negatives) = Mine([0, 1, 0.2f, 4], [0, 0, 1, 1], margin: 0.1);
        Assert.Equal(0L, anchors[0]);
        Assert.Equal(2L, negatives[0]);
    }

    [Fact]
    public void Patches_without_a_positive_or_without_any_negative_form_no_triplet()
    {
        // Index 2 is the only defect: no positive. With one label only there is no negative for anyone.
        var (anchors, _, _) = Mine([0, 1, 5], [0, 0, 1], margin: 0.2);
        Assert.Equal([0L, 1], anchors);
        Assert.Empty(Mine([0, 1, 2], [1, 1, 1], margin: 0.2).Anchors);
    }

    [Fact]
    public void The_loss_is_zero_when_every_negative_is_beyond_the_margin_and_positive_otherwise()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 0, 1, 1 });
        var logits = tensor(new float[] { 9, -9, 9, -9, -9, 9, -9, 9 }, [4, 2]);
        var separated = PatchLoss.Compute(logits, tensor(new float[] { 0, 0.1f, 3, 3.1f }).unsqueeze(1), labels, margin: 0.5);
        Assert.Equal(4, separated.Triplets);
        Assert.Equal(0f, separated.Triplet.item<float>(), 1e-6f);
        Assert.True(separated.CrossEntropy.item<float>() < 1e-3);

        var mixed = PatchLoss.Compute(logits, tensor(new float[] { 0, 1, 0.2f, 3 }).unsqueeze(1), labels, margin: 0.5);
        // Anchor 0: d_ap = 1, hardest negative d = 0.04 → 1 − 0.04 + 0.5 = 1.46; the mean over the 4 anchors is positive.
        Assert.True(mixed.Triplet.item<float>() > 0.3f);
    }
}
