using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Answers;

/// <summary>
/// An answer turned into mask refinements (one per image and kind of refinement, in the query's order) and the
/// user-verified samples it adds: one per answered patch, at the clicked pixel where the expert shifted the patch.
/// </summary>
public sealed record AppliedAnswer(IReadOnlyList<ImageRefinement> Refinements, IReadOnlyList<LabelledCentre> Verified);
