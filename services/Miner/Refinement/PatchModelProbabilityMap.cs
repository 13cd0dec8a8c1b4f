using DefectRefine.Imaging;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning.Dense;
using DefectRefine.Miner.Mining;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Miner.Refinement;

/// <summary>The patch model's dense map (one fully convolutional pass, <see cref="DenseSegmenter"/>) with the checkpoint the Miner mines with.</summary>
public sealed class PatchModelProbabilityMap(ModelCache models, ModelCheckpointStore checkpoints) : IProbabilityMap
{
    public RefinementLearner Learner => RefinementLearner.Paper;

    public async Task<bool> HasModelAsync(string modelVersion, CancellationToken cancellationToken) =>
        await checkpoints.LoadBytesAsync(modelVersion, cancellationToken) is not null;

    public Task<float[]> ComputeAsync(Guid imageId, GrayscaleImage image, string modelVersion, CancellationToken cancellationToken) =>
        models.UseAsync(modelVersion, model => DenseSegmenter.Segment(model, image).Probability, cancellationToken);
}
