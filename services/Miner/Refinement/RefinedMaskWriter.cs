using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Miner.Refinement;

/// <summary>
/// After a training round, a refined mask for every image of the project (DESIGN.md, "Refined masks"): the new
/// model's dense map, bounded by the initial labels and held to every expert answer, appended to each image's stream
/// as the model's layer. The map is the learner's that <c>Refinement:Learner</c> names (the pixel model by default),
/// or the paper model's when that learner has no model of the round; each proposal records which. A redelivered
/// round finds its proposals in the streams and appends nothing again.
/// </summary>
public sealed class RefinedMaskWriter(
    ProjectLoops loops,
    ImageCatalog catalog,
    ImagePixels pixels,
    IEnumerable<IProbabilityMap> maps,
    RefinementSettings settings,
    MaskWriter writer,
    ILogger<RefinedMaskWriter> log)
{
    private readonly IReadOnlyList<IProbabilityMap> _maps = [.. maps];

    public async Task<int> ProposeAsync(ModelTrained trained, CancellationToken cancellationToken)
    {
        var loop = await loops.GetAsync(trained.ProjectId, cancellationToken);
        var images = await catalog.ListImagesAsync(loop.DatasetId, cancellationToken);
        var (proposed, skipped) = (0, 0);
        IProbabilityMap? map = null;
        foreach (var image in images)
        {
            var current = await catalog.GetCurrentMaskAsync(image.Id, cancellationToken);
            // Checked again inside the write; this only spares the dense map of an image already done.
            if (current.ProposedBy.Contains(trained.ModelVersion))
            {
                skipped++;
                continue;
            }
            map ??= await ChooseAsync(trained, cancellationToken);
            var probability = await map.ComputeAsync(image.Id, await pixels.LoadAsync(image.Id, cancellationToken), trained.ModelVersion, cancellationToken);
            if (await writer.ProposeRefinedAsync(image.Id, trained.ProjectId, trained.ModelVersion, trained.Round, probability, Name(map.Learner), cancellationToken) is null)
                skipped++;
            else
                proposed++;
        }
        log.LogInformation("Project {Project}: refined masks of round {Round} by model {Version}: {Proposed} proposed, {Skipped} already there or superseded.",
            trained.ProjectId, trained.Round, trained.ModelVersion, proposed, skipped);
        return proposed;
    }

    /// <summary>"pixel" or "paper", as proposals and logs name a learner.</summary>
    public static string Name(RefinementLearner learner) => learner.ToString().ToLowerInvariant();

    private async Task<IProbabilityMap> ChooseAsync(ModelTrained trained, CancellationToken cancellationToken)
    {
        var paper = _maps.Single(m => m.Learner == RefinementLearner.Paper);
        var chosen = _maps.Single(m => m.Learner == settings.Learner);
        if (chosen != paper && !await chosen.HasModelAsync(trained.ModelVersion, cancellationToken))
        {
            log.LogWarning("Project {Project} round {Round}: no {Learner} model of {Version}; refined masks from the paper model's map instead.",
                trained.ProjectId, trained.Round, Name(chosen.Learner), trained.ModelVersion);
            return paper;
        }
        log.LogInformation("Project {Project} round {Round}: refined masks from the {Learner} model of {Version}.",
            trained.ProjectId, trained.Round, Name(chosen.Learner), trained.ModelVersion);
        return chosen;
    }
}
