using DefectRefine.Imaging;
using DefectRefine.ServiceDefaults;

namespace DefectRefine.Miner.Refinement;

/// <summary>
/// Where a refined mask's dense map comes from: the defect probability of every pixel of an image (row-major,
/// width x height) under one model version, by one learner.
/// </summary>
public interface IProbabilityMap
{
    RefinementLearner Learner { get; }

    /// <summary>Whether this learner has a model for <paramref name="modelVersion"/>.</summary>
    Task<bool> HasModelAsync(string modelVersion, CancellationToken cancellationToken);

    /// <summary>The map of one image of the project; its id says which fold model maps it where the learner is cross-fitted.</summary>
    Task<float[]> ComputeAsync(Guid imageId, GrayscaleImage image, string modelVersion, CancellationToken cancellationToken);
}
