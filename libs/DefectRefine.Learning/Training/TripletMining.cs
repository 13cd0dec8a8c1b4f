using DefectRefine.Learning.Model;
using TorchSharp;
using static TorchSharp.torch;
using static DefectRefine.Learning.Model.TorchScalars;

namespace DefectRefine.Learning.Training;

/// <summary>
/// Online triplet mining inside a batch, as DESIGN.md states it: for each anchor the hardest positive (the farthest
/// patch with its label), and a semi-hard negative — farther than that positive but within the margin of it — taking
/// the closest such negative; where none exists, the hardest negative (the closest of the other label). Anchors with
/// no positive or no negative in the batch form no triplet.
/// </summary>
public static class TripletMining
{
    /// <summary>Squared Euclidean distances between all rows of <paramref name="embeddings"/> [N, d] → [N, N].</summary>
    public static Tensor SquaredDistances(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var squared = embeddings.mul(embeddings).sum(1, keepdim: true);
        var distances = squared.add(squared.t(), One).sub(embeddings.matmul(embeddings.t()).mul(TorchScalars.Two));
        // Rounding can push a zero distance slightly negative.
        return distances.clamp_min(TorchScalars.Zero).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Indices [T] of the anchors, their positives and their negatives, chosen on <paramref name="distances"/> [N, N]
    /// (no gradient flows through the choice) for binary <paramref name="labels"/> [N].
    /// </summary>
    public static (Tensor Anchors, Tensor Positives, Tensor Negatives) Mine(Tensor distances, Tensor labels, double margin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var d = distances.detach();
        var n = d.shape[0];
        var same = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        var notSelf = eye(n, dtype: ScalarType.Bool, device: d.device).logical_not();
        var positive = same.logical_and(notSelf);
        var negative = same.logical_not();

        using var marginScalar = margin.ToScalar();
        var hardestPositive = where(positive, d, full_like(d, TorchScalars.MinusOne)).max(1);
        var apDistance = hardestPositive.values.unsqueeze(1);
        var semiHard = negative.logical_and(d.gt(apDistance)).logical_and(d.lt(apDistance.add(marginScalar, One)));
        var closestSemiHard = where(semiHard, d, full_like(d, TorchScalars.PositiveInfinity)).min(1);
        var hardestNegative = where(negative, d, full_like(d, TorchScalars.PositiveInfinity)).min(1);
        var negativeIndex = where(closestSemiHard.values.isfinite(), closestSemiHard.indexes, hardestNegative.indexes);

        var valid = positive.any(1).logical_and(negative.any(1));
        var anchors = valid.nonzero().squeeze(1);
        return (anchors.MoveToOuterDisposeScope(),
            hardestPositive.indexes.index_select(0, anchors).MoveToOuterDisposeScope(),
            negativeIndex.index_select(0, anchors).MoveToOuterDisposeScope());
    }
}
