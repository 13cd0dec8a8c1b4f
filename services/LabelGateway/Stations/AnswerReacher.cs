using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning.Answers;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// Draws how far a centre-pixel answer's labels reach in a propagating project, on the image and the map the Miner
/// stored for the model that mined the query. Without that map (not computed yet) the answer names only its pixels,
/// and its event says so by carrying no propagation.
/// </summary>
public sealed class AnswerReacher(ModelMapStore maps, ImagePixels pixels, ILogger<AnswerReacher> log)
{
    public async Task<PropagatedRegions?> DrawAsync(MaskBatch batch, ImageRefinement refinement, string modelVersion, LoopReach reach, CancellationToken cancellationToken)
    {
        if (reach == LoopReach.Named || refinement.Granularity != RefinementGranularity.CentrePixel)
            return null;
        var map = await maps.FindAsync(modelVersion, refinement.ImageId, cancellationToken);
        if (map is null)
        {
            log.LogInformation("Image {Image}: no map of model {Version} yet, the answer names only its pixels.", refinement.ImageId, modelVersion);
            return null;
        }
        var image = await pixels.LoadAsync(refinement.ImageId, cancellationToken);
        var events = await batch.Session.Events.FetchStreamAsync(refinement.ImageId, token: cancellationToken);
        var named = ExpertAnswers.Layer(image.Width, image.Height, events.Select(e => (e.Version, e.Data))).Direct;
        var probability = Array.ConvertAll(map.Probability, b => b / 255f);
        return PropagatedRegions.Draw(refinement, image, probability, modelVersion, named);
    }
}
