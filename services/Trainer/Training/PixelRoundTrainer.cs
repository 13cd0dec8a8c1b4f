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
/// they imply, its expert answers so far and GrabCut in its labels (<see cref="PixelRound"/>), cross-fitted over
/// <see cref="TrainerOptions.PixelFolds"/> fold models (<see cref="CrossFitting"/>), fresh in the first round and the
/// previous round's otherwise; stored under the paper model's version, so the Miner composes the
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
        var models = await LoadParentAsync(parent, seed, FirstFolds(records.Select(r => r.Id).ToList()), cancellationToken);
        try
        {
            log.LogInformation("Project {Project} round {Round}: pixel model, {Folds} × {Steps} steps from {Parent} on {Images} images ({Device})",
                projectId, round, models.Count, steps, parent?.Version ?? "a new model", images.Count, ComputeDevice.Describe(models[0].Device));
            var targets = images.Select(i => PixelTargets.Build(i.Image, i.Initial, i.Prior, i.Expert, i.Proposal)).ToList();
            var foldOf = records.Select(r => CrossFitting.FoldOf(r.Id, models.Count)).ToList();
            var (trainedSteps, loss) = (0, 0.0);
            for (var fold = 0; fold < models.Count; fold++)
            {
                var training = new PixelTrainingOptions { Steps = steps, Seed = seed + (1000 * round) + fold };
                var set = CrossFitting.TrainingSetOf(targets, foldOf, fold);
                if (set.Count == 0)
                    continue; // every image is this fold's, so this model maps none of them
                var model = models[fold];
                var result = await Task.Run(() => PixelRound.Train(model, set, training, cancellationToken: cancellationToken), cancellationToken);
                if (result.Collapsed)
                    log.LogWarning("Project {Project} round {Round}: pixel model, fold {Fold}, {Outcome}", projectId, round, fold + 1, result.Describe());
                // A model that still finds no defect would write "no defect" into every refined mask: no checkpoint, so the
                // Miner keeps to the paper model for this round.
                if (result.Failed)
                    throw new InvalidOperationException($"Project {projectId} round {round}: the pixel model (fold {fold + 1}) collapsed ({result.Describe()}).");
                trainedSteps = Math.Max(trainedSteps, result.Steps);
                loss += result.Loss / models.Count;
            }
            var info = new PixelCheckpointInfo(version, parent?.Version, models[0].Config, trainedSteps, loss, images.Count, DateTimeOffset.UtcNow) { Folds = models.Count };
            var bytes = PixelCheckpoint.ToBytes(models, info);
            if (!await checkpoints.SaveAsync(projectId, round, version, parent?.Version, bytes, JsonSerializer.Serialize(info, Json), cancellationToken))
                log.LogWarning("Project {Project} round {Round}: a pixel checkpoint was stored meanwhile; the stored one stands.", projectId, round);
            log.LogInformation("Project {Project} round {Round}: pixel model {Version} after {Folds} × {Steps} steps, loss {Loss:F3}, {Seconds:F1} s",
                projectId, round, version, models.Count, trainedSteps, loss, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var model in models)
                model.Dispose();
        }
    }

    /// <summary>
    /// The configured fold count for a project's first model, or one model when all its images fall in one fold (a
    /// project of a few images): that fold's model would have no other image's targets to learn from.
    /// </summary>
    private int FirstFolds(IReadOnlyList<Guid> imageIds)
    {
        if (options.PixelFolds is < 1 or > 16)
            throw new InvalidOperationException($"Trainer:PixelFolds must be in [1, 16], not {options.PixelFolds}.");
        var used = imageIds.Select(id => CrossFitting.FoldOf(id, options.PixelFolds)).Distinct().Count();
        return used > 1 ? options.PixelFolds : 1;
    }

    private async Task<IReadOnlyList<PixelModel>> LoadParentAsync(StoredCheckpoint? parent, int seed, int firstFolds, CancellationToken cancellationToken)
    {
        if (parent is null)
            return [.. Enumerable.Range(0, firstFolds).Select(k => PixelModel.Create(new PixelNetConfig { Width = options.PixelWidth }, _device.Value, seed + (7 * k)))];
        var bytes = await checkpoints.LoadBytesAsync(parent.Version, cancellationToken)
            ?? throw new InvalidDataException($"Pixel checkpoint {parent.Version} has no stored bytes.");
        return PixelCheckpoint.LoadFolds(bytes, _device.Value).Folds;
    }
}
