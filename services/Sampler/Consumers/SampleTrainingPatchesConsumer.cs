using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Learning.Loop;
using DefectRefine.Learning.Sampling;
using DefectRefine.Sampler.Sampling;
using MassTransit;

namespace DefectRefine.Sampler.Consumers;

/// <summary>
/// Draws the training pool of a round (balanced between labels) from the masks, the answered patches, or both, and
/// hands it to the Trainer. A request that cannot be met (no masks, no answers for "user" feedback) fails the round
/// with the reason instead of retrying forever.
/// </summary>
public sealed class SampleTrainingPatchesConsumer(DatasetSampler datasets, ServiceDefaults.ServiceIdentity identity, ILogger<SampleTrainingPatchesConsumer> log)
    : IConsumer<SampleTrainingPatches>
{
    public async Task Consume(ConsumeContext<SampleTrainingPatches> context)
    {
        var request = context.Message;
        var sampler = await datasets.LoadAsync(request.DatasetId, request.ProjectId, context.CancellationToken);
        IReadOnlyList<LabelledCentre> centres;
        try
        {
            var options = new SamplingOptions { Count = request.Count, Source = request.Feedback.ToSampleSource(), DefectFraction = 0.5 };
            centres = sampler.Sample(options, DatasetSampler.RandomFor(request.Plan.Seed, 1, request.Round));
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            log.LogWarning("Project {Project} round {Round}: cannot sample a training pool: {Reason}", request.ProjectId, request.Round, error.Message);
            await context.Publish(new TrainingFailed(request.ProjectId, request.Round, "The Sampler could not draw a training pool: " + error.Message,
                identity.Instance, DateTimeOffset.UtcNow));
            return;
        }
        log.LogInformation("Project {Project} round {Round}: {Count} training centres from {Feedback} ({Verified} answered patches)",
            request.ProjectId, request.Round, centres.Count, request.Feedback, sampler.VerifiedCount);
        await context.Publish(new TrainingPatchesSampled(request.ProjectId, request.DatasetId, request.Round, request.Plan,
            sampler.MaskDefectShare, PatchCentreCodec.Pack(centres)));
    }
}
