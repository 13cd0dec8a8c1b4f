namespace DefectRefine.Contracts.V1.Loop;

/// <summary>
/// Labelled patch centres of one image as parallel arrays: coordinates, never pixels, and compact enough that a
/// training pool of thousands of centres stays a small message.
/// </summary>
public sealed record ImagePatchCentres(Guid ImageId, IReadOnlyList<int> X, IReadOnlyList<int> Y, IReadOnlyList<bool> Defect);
