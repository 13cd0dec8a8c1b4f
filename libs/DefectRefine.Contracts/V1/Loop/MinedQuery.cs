using DefectRefine.Contracts.V1.Labels;

namespace DefectRefine.Contracts.V1.Loop;

/// <summary>One patch of a mined query, with the label shown and what the model said when the query was chosen.</summary>
public sealed record MinedPatch(Guid ImageId, int X, int Y, CandidateRole Role, bool LabelShown, double Distance, double DefectProbability);

/// <summary>A query in the Miner's buffer: the anchor and its candidates in the order the acquisition chose them.</summary>
public sealed record MinedQuery(
    Guid QueryId,
    Guid ProjectId,
    string ModelVersion,
    int PatchSize,
    LoopQueryStrategy Strategy,
    MinedPatch Anchor,
    IReadOnlyList<MinedPatch> Candidates,
    DateTimeOffset MinedAt);
