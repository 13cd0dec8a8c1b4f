namespace DefectRefine.Contracts.V1.Labels;

public enum CandidateRole
{
    Anchor,
    HardestPositive,
    HardestNegative,

    /// <summary>A candidate of the random-query baseline.</summary>
    Random,

    /// <summary>A candidate of the entropy top-k baseline.</summary>
    HighEntropy,
}

/// <summary>One patch the expert was shown, with the label it had when shown. Candidates may come from other images.</summary>
public sealed record QueryCandidate(Guid ImageId, int X, int Y, CandidateRole Role, bool LabelShown);
