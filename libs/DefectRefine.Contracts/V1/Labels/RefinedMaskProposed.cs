namespace DefectRefine.Contracts.V1.Labels;

/// <summary>
/// The model's layer of an image's mask (DESIGN.md, "Refined masks"): after training round <paramref name="Round"/> of
/// project <paramref name="ProjectId"/>, model <paramref name="ModelVersion"/> proposed this whole mask, its dense map
/// bounded by the initial labels and held to every expert answer in the stream before it. It never changes the
/// expert's layer. <paramref name="RunLengths"/> is the whole mask, encoded as in <see cref="MaskInitialised"/>.
/// </summary>
/// <param name="ExpertVersion">The stream version whose expert layer the proposal was held to.</param>
/// <param name="Learner">Which learner's map the mask was composed from ("pixel": the pixel model trained beside the
/// paper model; "paper": the patch model's dense map); null in proposals written before it was recorded.</param>
public sealed record RefinedMaskProposed(
    Guid ImageId,
    Guid ProjectId,
    string ModelVersion,
    int Round,
    long ExpertVersion,
    IReadOnlyList<int> RunLengths,
    DateTimeOffset At,
    string? Learner = null);
