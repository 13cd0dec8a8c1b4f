namespace DefectRefine.Learning.Answers;

/// <summary>
/// The expert middle-clicked the defect at (<paramref name="X"/>, <paramref name="Y"/>), absolute pixels of the patch's
/// image, inside the patch of <see cref="Acquisition.Query.Candidates"/>[<paramref name="Candidate"/>], or of the
/// anchor when <paramref name="Candidate"/> is <see cref="Anchor"/>.
/// </summary>
public sealed record ShiftClick(int Candidate, int X, int Y)
{
    /// <summary>The <see cref="Candidate"/> index that names the anchor.</summary>
    public const int Anchor = -1;
}
