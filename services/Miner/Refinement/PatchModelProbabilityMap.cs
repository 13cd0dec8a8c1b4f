using DefectRefine.Imaging;
using DefectRefine.Learning.Dense;
using DefectRefine.Miner.Mining;

namespace DefectRefine.Miner.Refinement;

/// <summary>The patch model's dense map (one fully convolutional pass, <see cref="DenseSegmenter"/>) with the checkpoint the Miner mines with.</summary>
public sealed class PatchModelProbabilityMap(ModelCache models) : IProbabilityMap
{
    public Task<float[]> ComputeAsync(GrayscaleImage image, string modelVersion, CancellationToken cancellationToken) =>
        models.UseAsync(modelVersion, model => DenseSegmenter.Segment(model, image).Probability, cancellationToken);
}
