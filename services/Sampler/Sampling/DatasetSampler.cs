using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning.Sampling;
using Marten;

namespace DefectRefine.Sampler.Sampling;

/// <summary>
/// A patch sampler over a project's dataset as it is now: the current mask of every image and the patches the
/// project's experts answered (undone answers left out). Only masks and coordinates are read, never pixels.
/// </summary>
public sealed class DatasetSampler(IDocumentStore store)
{
    public async Task<PatchSampler> LoadAsync(Guid datasetId, Guid projectId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var masks = await session.Query<MaskProjection>().Where(mask => mask.DatasetId == datasetId).ToListAsync(cancellationToken);
        var answers = await session.Query<AnswerRecord>().Where(answer => answer.ProjectId == projectId && !answer.Undone).ToListAsync(cancellationToken);
        var images = masks.Select(mask => new SamplingImage(mask.Id, mask.Width, mask.Height, mask.Mask)).ToList();
        var known = images.Select(image => image.Id).ToHashSet();
        var verified = answers.SelectMany(answer => answer.Verified)
            .Where(patch => known.Contains(patch.ImageId))
            .Select(patch => new LabelledCentre(patch.ImageId, patch.X, patch.Y, patch.Defect))
            .ToList();
        return new PatchSampler(images, verified);
    }

    /// <summary>A seed per project, purpose and round, so a repeated request draws the same centres.</summary>
    public static Random RandomFor(int seed, int purpose, int round) => new(unchecked((seed * 1_000_003) + (purpose * 7_919) + round));
}
