using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning;
using DefectRefine.Learning.Pixel;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;
using DefectRefine.ServiceDefaults;
using TorchSharp;

namespace DefectRefine.Trainer.Training;

/// <summary>
/// The pixel learner's round, beside the paper model's: every image of the project with its initial labels, the prior
/// they imply, its expert answers so far and GrabCut in its labels (<see cref="PixelRound"/>), a fresh model in the
/// first round and the previous round's otherwise; stored under the paper model's version, so the Miner composes the
/// round's refined masks from it. Never fails the round: without a pixel checkpoint the Miner uses the paper model's map.
/// </summary>
public sealed class PixelRoundTrainer(
    PixelCheckpointStore checkpoints,
    ProjectLoops loops,
    ImageCatalog catalog,
    ImagePixels pixels,
    TrainingLabelReader labels,
    TrainerOptions options,
    RefinementSettings refinement,
    ILogger<PixelRoundTrainer> log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lazy<torch.Device> _device = new(() => ComputeDevice.Select(options.AllowCuda));

    // GrabCut in the labels depends only on an image and its initial labels, which never change: made once per process.
    private readonly ConcurrentDictionary<Guid, BinaryMask> _proposals = new();

    /// <summary>Trains and stores the round's pixel model; false when none was made (turned off, or it failed: logged).</summary>
    public async Task<bool> TrainAsync(Guid projectId, int round, string version, int seed, CancellationToken cancellationToken)
    {
        if (refinement.Learner != RefinementLearner.Pixel)
            return false;
        try
        {
            if (await checkpoints.ExistsAsync(version, cancellationToken))
                return true;
            await TrainRoundAsync(projectId, round, version, seed, cancellationToken);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.LogError(error, "Project {Project} round {Round}: the pixel model was not trained; refined masks of {Version} fall back to the paper model's map.",
                projectId, round, version);
            return false;
        }
    }

    private async Task TrainRoundAsync(Guid projectId, int round, string version, int seed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var loop = await loops.GetAsync(projectId, cancellationToken);
        var records = await catalog.ListImagesAsync(loop.DatasetId, cancellationToken);
        var images = new List<PixelLabelledImage>();
        foreach (var record in records)
        {
            var image = await pixels.LoadAsync(record.Id, cancellationToken);
            var known = await labels.LoadAsync(record.Id, cancellationToken);
            var proposal = _proposals.GetOrAdd(record.Id, _ => LabelProposal.Of(ProposalSource.GrabCut, image, known.Initial, known.Prior));
            images.Add(new PixelLabelledImage(new StandardisedImage(image), known.Initial, known.Prior, known.Expert, proposal));
        }
        if (images.Count == 0)
            throw new InvalidOperationException($"Project {projectId} has no images to train the pixel model on.");

        var parent = await checkpoints.LatestBeforeAsync(projectId, round, cancellationToken);
        var steps = parent is null ? options.PixelInitialSteps : options.PixelRoundSteps;
        var model = await LoadParentAsync(parent, seed, cancellationToken);
        using (model)
        {
            log.LogInformation("Project {Project} round {Round}: pixel model, {Steps} steps from {Parent} on {Images} images ({Device})",
                projectId, round, steps, parent?.Version ?? "a new model", images.Count, ComputeDevice.Describe(model.Device));
            var training = new PixelTrainingOptions { Steps = steps, Seed = seed + (1000 * round) };
            var result = await Task.Run(() => PixelRound.Train(model, images, training, cancellationToken: cancellationToken), cancellationToken);
            if (result.Collapsed)
                log.LogWarning("Project {Project} round {Round}: pixel model {Outcome}", projectId, round, result.Describe());
            // A model that still finds no defect would write "no defect" into every refined mask: no checkpoint, so the
            // Miner keeps to the paper model for this round.
            if (result.Failed)
                throw new InvalidOperationException($"Project {projectId} round {round}: the pixel model collapsed ({result.Describe()}).");
            var info = new PixelCheckpointInfo(version, parent?.Version, model.Config, result.Steps, result.Loss, images.Count, DateTimeOffset.UtcNow);
            var bytes = PixelCheckpoint.ToBytes(model, info);
            if (!await checkpoints.SaveAsync(projectId, round, version, parent?.Version, bytes, JsonSerializer.Serialize(info, Json), cancellationToken))
                log.LogWarning("Project {Project} round {Round}: a pixel checkpoint was stored meanwhile; the stored one stands.", projectId, round);
            log.LogInformation("Project {Project} round {Round}: pixel model {Version} after {Steps} steps, loss {Loss:F3}, {Seconds:F1} s",
                projectId, round, version, result.Steps, result.Loss, clock.Elapsed.TotalSeconds);
        }
    }

    private async Task<PixelModel> LoadParentAsync(StoredCheckpoint? parent, int seed, CancellationToken cancellationToken)
    {
        if (parent is null)
            return PixelModel.Create(new PixelNetConfig { Width = options.PixelWidth }, _device.Value, seed);
        var bytes = await checkpoints.LoadBytesAsync(parent.Version, cancellationToken)
            ?? throw new InvalidDataException($"Pixel checkpoint {parent.Version} has no stored bytes.");
        return PixelCheckpoint.Load(bytes, _device.Value).Model;
    }
}
