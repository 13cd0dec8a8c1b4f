using DefectRefine.Imaging;
using DefectRefine.Learning.Pixel;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Miner.Refinement;

/// <summary>The pixel model's map of the whole image (<see cref="PixelModel.Map"/>), from the pixel checkpoint the Trainer stored under the round's model version.</summary>
public sealed class PixelModelProbabilityMap(PixelModelCache models) : IProbabilityMap
{
    public RefinementLearner Learner => RefinementLearner.Pixel;

    public Task<bool> HasModelAsync(string modelVersion, CancellationToken cancellationToken) => models.HasAsync(modelVersion, cancellationToken);

    public Task<float[]> ComputeAsync(GrayscaleImage image, string modelVersion, CancellationToken cancellationToken) =>
        models.UseAsync(modelVersion, model => model.Map(new StandardisedImage(image)).Probability, cancellationToken);
}
