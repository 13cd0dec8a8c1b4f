using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Learning.Loop;
using DefectRefine.Sampler.Sampling;
using MassTransit;

namespace DefectRefine.Sampler.Consumers;

/// <summary>Draws a pool uniform over the current masks, labelled by them at this moment, for the Miner to embed.</summary>
public sealed class SampleMiningPoolConsumer(DatasetSampler datasets, ILogger<SampleMiningPoolConsumer> log) : IConsumer<SampleMiningPool>
{
    private static int _draws;

    public async Task Consume(ConsumeContext<SampleMiningPool> context)
    {
        var request = context.Message;
        var sampler = await datasets.LoadAsync(request.DatasetId, request.ProjectId, context.CancellationToken);
        if (!sampler.HasMasks)
        {
            log.LogWarning("Project {Project}: dataset {Dataset} has no masks here; mining pool request ignored.", request.ProjectId, request.DatasetId);
            return;
        }
        // Refills must not draw the same pool again: each draw in this process gets the next stream.
        var random = DatasetSampler.RandomFor(request.Plan.Seed, 2, Interlocked.Increment(ref _draws) + Environment.ProcessId);
        var pool = sampler.SamplePool(request.Plan.PoolSize, random);
        await context.Publish(new MiningPoolSampled(request.ProjectId, request.DatasetId, request.ModelVersion, request.Plan, PatchCentreCodec.Pack(pool)));
    }
}
