using DefectRefine.Learning.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Training;

/// <summary>The loss of one batch and its parts, as tensors (Total carries the gradient).</summary>
public sealed record LossParts(Tensor Total, Tensor Triplet, Tensor CrossEntropy, long Triplets);

/// <summary>
/// Triplet loss on the mined triplets, max(0, d(a,p) − d(a,n) + α) averaged over anchors, plus cross-entropy of the
/// label head. A batch with a single label has no triplet; its loss is the cross-entropy alone.
/// </summary>
public static class PatchLoss
{
    public static LossParts Compute(Tensor logits, Tensor embeddings, Tensor labels, double margin, double tripletWeight = 1.0)
    {
        var crossEntropy = nn.functional.cross_entropy(logits, labels);
        var distances = TripletMining.SquaredDistances(embeddings);
        var (anchors, positives, negatives) = TripletMining.Mine(distances, labels, margin);
        var count = anchors.shape[0];
        Tensor triplet;
        if (count == 0)
        {
            triplet = zeros(1, device: logits.device).squeeze();
        }
        else
        {
            var anchorRows = distances.index_select(0, anchors);
            var ap = anchorRows.gather(1, positives.unsqueeze(1)).squeeze(1);
            var an = anchorRows.gather(1, negatives.unsqueeze(1)).squeeze(1);
            using var marginScalar = margin.ToScalar();
            triplet = ap.sub(an).add(marginScalar, TorchScalars.One).clamp_min(TorchScalars.Zero).mean();
        }
        using var weight = tripletWeight.ToScalar();
        return new LossParts(crossEntropy.add(triplet, weight), triplet, crossEntropy, count);
    }
}
