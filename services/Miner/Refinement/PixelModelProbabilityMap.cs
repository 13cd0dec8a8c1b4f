using DefectRefine.Imaging;
using DefectRefine.Learning.Pixel;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Miner.Refinement;

/// <summary>
/// The pixel model's map of the whole image (<see cref="PixelModel.Map"/>), from the pixel checkpoint the Trainer stored
/// under the round's model version: of a cross-fitted round, the model of the image's fold, the one that did not learn
/// its noisy targets (<see cref="CrossFitting"/>).
/// </summary>
public sealed class PixelModelProbabilityMap(PixelModelCache models) : IProbabilityMap
{
    public RefinementLearner Learner => RefinementLearner.Pixel;

    public Task<bool> HasModelAsync(string modelVersion, CancellationToken cancellationToken) => models.HasAsync(modelVersion, cancellationToken);

    public Task<float[]> ComputeAsync(Guid imageId, GrayscaleImage image, string modelVersion, CancellationToken cancellationToken) =>
        models.UseAsync(modelVersion, folds => folds[CrossFitting.FoldOf(imageId, folds.Count)].Map(new StandardisedImage(image)).Probability, cancellationToken);
}
