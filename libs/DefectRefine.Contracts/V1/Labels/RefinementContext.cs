namespace DefectRefine.Contracts.V1.Labels;

/// <summary>Why a label changed: the answered query, who answered it, when, and what they were shown.</summary>
/// <param name="ModelVersion">The model version whose embedding proposed the query.</param>
public sealed record RefinementContext(
    LabelAuthor Author,
    DateTimeOffset AnsweredAt,
    Guid SessionId,
    Guid QueryId,
    string ModelVersion,
    IReadOnlyList<QueryCandidate> CandidatesShown);
