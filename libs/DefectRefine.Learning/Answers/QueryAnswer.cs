namespace DefectRefine.Learning.Answers;

/// <summary>
/// What the expert said about a query. <paramref name="AnchorDefect"/> is the anchor's label after the expert's optional
/// correction; <paramref name="SameAsAnchor"/> holds the indices of the candidates marked "same as anchor";
/// <paramref name="Shifts"/> the defects clicked inside patches (shift granularity only).
/// </summary>
public sealed record QueryAnswer(bool AnchorDefect, IReadOnlyList<int> SameAsAnchor, IReadOnlyList<ShiftClick> Shifts);
