using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Acquisition;

/// <summary>How a query was chosen: the paper's similarity query or one of the baselines it is compared with.</summary>
public enum QueryStrategy
{
    /// <summary>Anchor plus its 5 hardest positives and 5 hardest negatives in the embedding.</summary>
    Triplet,

    /// <summary>Baseline: 11 patches drawn at random.</summary>
    Random,

    /// <summary>Baseline: the 11 patches of highest predictive entropy.</summary>
    Entropy,
}

/// <summary>How the anchor of a similarity query is chosen.</summary>
public enum AnchorStrategy
{
    Random,
    MaxEntropy,
}

/// <summary>
/// One patch of a query with what the model and the labels said when it was chosen. <see cref="CurrentLabel"/> is the
/// label the patch centre had (the one shown to the expert); <see cref="Distance"/> is the squared embedding distance
/// to the anchor (0 for the anchor and for baselines that do not use the embedding).
/// </summary>
public sealed record QueryPatch(PatchCentre Centre, CandidateRole Role, bool CurrentLabel, double Distance, double DefectProbability)
{
    public QueryCandidate ToCandidate() => new(Centre.ImageId, Centre.X, Centre.Y, Role, CurrentLabel);
}

/// <summary>
/// A question for the expert: an anchor and its candidates (10 for every strategy), proposed by one model version
/// for patches of <see cref="PatchSize"/>. Candidates are kept in the order chosen; a UI shuffles them for display.
/// </summary>
public sealed record Query(Guid Id, string ModelVersion, int PatchSize, QueryStrategy Strategy, QueryPatch Anchor, IReadOnlyList<QueryPatch> Candidates)
{
    /// <summary>What the expert was shown, anchor first, as the label history records it.</summary>
    public IReadOnlyList<QueryCandidate> CandidatesShown() => [Anchor.ToCandidate(), .. Candidates.Select(c => c.ToCandidate())];
}
