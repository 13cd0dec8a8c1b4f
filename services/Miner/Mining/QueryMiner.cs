using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Imaging;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Dense;
using DefectRefine.Learning.Loop;
using DefectRefine.Learning.Model;
using DefectRefine.Miner.Refinement;
using DefectRefine.ServiceDefaults;
using DefectRefine.ServiceDefaults.Telemetry;
using MassTransit;

namespace DefectRefine.Miner.Mining;

/// <summary>
/// Keeps each project's buffer of ready queries full for its newest model: drops the free queries of older models,
/// embeds a pool with the newest one and adds only as many queries as are missing. A pool for a model that is no
/// longer the newest is ignored, so a late message never refills with stale queries.
/// </summary>
public sealed class QueryMiner(
    ModelCheckpointStore checkpoints,
    QueryBuffer buffer,
    ImagePixels pixels,
    ModelCache models,
    ModelMapStore maps,
    IEnumerable<IProbabilityMap> learners,
    RefinementSettings settings,
    LoopMetrics metrics,
    ILogger<QueryMiner> log)
{
    private readonly IProbabilityMap? _learner = learners.SingleOrDefault(l => l.Learner == settings.Learner && l.Learner != RefinementLearner.Paper);

    public async Task FillAsync(MiningPoolSampled pool, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        if (!await IsNewestAsync(pool.ProjectId, pool.ModelVersion, cancellationToken))
        {
            log.LogInformation("Project {Project}: pool for {Version} ignored, it is not the newest model.", pool.ProjectId, pool.ModelVersion);
            return;
        }
        var dropped = await buffer.DropStaleAsync(pool.ProjectId, pool.ModelVersion, cancellationToken);
        var centres = PatchCentreCodec.Unpack(pool.Patches);
        var images = await pixels.LoadAsync(centres.Select(c => c.ImageId), cancellationToken);
        var random = new Random(unchecked(pool.Plan.Seed + centres.Count + (int)(DateTime.UtcNow.Ticks & 0xFFFF)));
        IReadOnlyList<MinedQuery> mined = [];
        var ready = await buffer.FillAsync(pool.ProjectId, pool.ModelVersion, pool.Plan.BufferSize, async missing =>
            mined = await models.UseAsync(pool.ModelVersion, model =>
            {
                var embedded = EmbeddedPool.Embed(model, centres, images);
                return QueryMining.Mine(embedded, pool.ProjectId, pool.Plan, missing, random, DateTimeOffset.UtcNow);
            }, cancellationToken), cancellationToken);
        metrics.BufferReady(pool.ProjectId, ready);
        log.LogInformation("Project {Project}: {Ready} queries ready for {Version} ({Dropped} stale dropped).", pool.ProjectId, ready, pool.ModelVersion, dropped);
        await publish.Publish(new QueriesReady(pool.ProjectId, pool.ModelVersion, ready, DateTimeOffset.UtcNow), cancellationToken);
        await MapImagesAsync(pool.ModelVersion, mined, images, cancellationToken);
    }

    /// <summary>
    /// The model's probability and uncertainty over the whole images the new queries show, for stations to overlay and
    /// for answers to propagate on: the refining learner's map (<see cref="RefinementSettings.Learner"/>) when it has
    /// a model of this version, else the paper model's. QueriesReady is published before them in the code, but the
    /// bus holds it until this consumer completes (the in-memory outbox): a map write that fails publishes nothing, and
    /// the retry publishes once.
    /// </summary>
    private async Task MapImagesAsync(string version, IReadOnlyList<MinedQuery> queries, IReadOnlyDictionary<Guid, GrayscaleImage> images, CancellationToken cancellationToken)
    {
        var shown = queries.SelectMany(q => q.Candidates.Append(q.Anchor)).Select(p => p.ImageId);
        var learner = _learner is not null && await _learner.HasModelAsync(version, cancellationToken) ? _learner : null;
        foreach (var imageId in await maps.MissingAsync(version, shown, cancellationToken))
        {
            if (!images.TryGetValue(imageId, out var image))
                continue;
            if (learner is not null)
            {
                var probability = await learner.ComputeAsync(imageId, image, version, cancellationToken);
                var entropy = Array.ConvertAll(probability, PatchPredictions.Entropy);
                await maps.SaveAsync(ModelMaps.Quantise(version, imageId, image.Width, image.Height, probability, entropy), cancellationToken);
                continue;
            }
            var map = await models.UseAsync(version, model => DenseSegmenter.Segment(model, image), cancellationToken);
            await maps.SaveAsync(ModelMaps.Quantise(version, imageId, map.Width, map.Height, map.Probability, map.Entropy), cancellationToken);
        }
    }

    /// <summary>Asks the Sampler for a new pool when the buffer of the newest model runs low.</summary>
    public async Task RefillAsync(QueryBufferLow low, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        if (!await IsNewestAsync(low.ProjectId, low.ModelVersion, cancellationToken))
            return;
        if (await buffer.ReadyCountAsync(low.ProjectId, low.ModelVersion, cancellationToken) >= low.Plan.BufferSize)
            return;
        await publish.Publish(new SampleMiningPool(low.ProjectId, low.DatasetId, low.ModelVersion, low.Plan), cancellationToken);
    }

    private async Task<bool> IsNewestAsync(Guid projectId, string version, CancellationToken cancellationToken)
    {
        var all = await checkpoints.ListAsync(projectId, cancellationToken);
        return all.Count > 0 && all[^1].Version == version;
    }
}
