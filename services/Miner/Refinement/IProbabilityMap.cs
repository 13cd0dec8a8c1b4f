using DefectRefine.Imaging;

namespace DefectRefine.Miner.Refinement;

/// <summary>
/// Where a refined mask's dense map comes from: the defect probability of every pixel of an image (row-major,
/// width x height) under one model checkpoint. Narrow on purpose: the learner behind it will be swapped.
/// </summary>
public interface IProbabilityMap
{
    Task<float[]> ComputeAsync(GrayscaleImage image, string modelVersion, CancellationToken cancellationToken);
}
