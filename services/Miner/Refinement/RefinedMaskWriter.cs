using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;

namespace DefectRefine.Miner.Refinement;

/// <summary>
/// After a training round, a refined mask for every image of the project (DESIGN.md, "Refined masks"): the new
/// model's dense map, bounded by the initial labels and held to every expert answer, appended to each image's stream
/// as the model's layer. A redelivered round finds its proposals in the streams and appends nothing again.
/// </summary>
public sealed class RefinedMaskWriter(ProjectLoops loops, ImageCatalog catalog, ImagePixels pixels, IProbabilityMap maps, MaskWriter writer, ILogger<RefinedMaskWriter> log)
{
    public async Task<int> ProposeAsync(ModelTrained trained, CancellationToken cancellationToken)
    {
        var loop = await loops.GetAsync(trained.ProjectId, cancellationToken);
        var images = await catalog.ListImagesAsync(loop.DatasetId, cancellationToken);
        var (proposed, skipped) = (0, 0);
        foreach (var image in images)
        {
            var current = await catalog.GetCurrentMaskAsync(image.Id, cancellationToken);
            // Checked again inside the write; this only spares the dense map of an image already done.
            if (current.ProposedBy.Contains(trained.ModelVersion))
            {
                skipped++;
                continue;
            }
            var probability = await maps.ComputeAsync(await pixels.LoadAsync(image.Id, cancellationToken), trained.ModelVersion, cancellationToken);
            if (await writer.ProposeRefinedAsync(image.Id, trained.ProjectId, trained.ModelVersion, trained.Round, probability, cancellationToken) is null)
                skipped++;
            else
                proposed++;
        }
        log.LogInformation("Project {Project}: refined masks of round {Round} by model {Version}: {Proposed} proposed, {Skipped} already there or superseded.",
            trained.ProjectId, trained.Round, trained.ModelVersion, proposed, skipped);
        return proposed;
    }
}
