using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning;
using DefectRefine.Learning.Loop;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Training;
using DefectRefine.Loop;
using DefectRefine.ServiceDefaults;
using DefectRefine.ServiceDefaults.Telemetry;
using MassTransit;
using TorchSharp;

namespace DefectRefine.Trainer.Training;

/// <summary>
/// Runs one training round of a project: fine-tunes the newest earlier checkpoint (or a new model for round 0) on the
/// pool the Sampler drew, stores the checkpoint, then reports ModelTrained. A round that already has a checkpoint is
/// not trained again, its result is reported again, so a redelivered request changes nothing twice. Before the round's
/// checkpoint is stored the pixel learner trains too (<see cref="PixelRoundTrainer"/>), so once ModelTrained is out the
/// Miner finds the round's pixel model for its refined masks.
/// </summary>
public sealed class ProjectTrainer(
    ModelCheckpointStore checkpoints,
    ProjectLoops loops,
    IBus bus,
    PixelRoundTrainer pixelRounds,
    ImagePixels pixels,
    LoopDatabase database,
    TrainerOptions options,
    ServiceIdentity identity,
    LoopMetrics metrics,
    ILogger<ProjectTrainer> log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly Lazy<torch.Device> _device = new(() => ComputeDevice.Select(options.AllowCuda));

    /// <param name="redelivered">The broker gave this request before, to a Trainer that never acknowledged it: it died with the round.</param>
    public async Task TrainAsync(TrainingPatchesSampled request, IPublishEndpoint publish, bool redelivered, CancellationToken cancellationToken)
    {
        if (await checkpoints.FindAsync(request.ProjectId, request.Round, cancellationToken) is { } stored)
        {
            await publish.Publish(Reported(stored), cancellationToken);
            return;
        }
        await using var trainingLock = await ProjectTrainingLock.TryAcquireAsync(database, request.ProjectId, cancellationToken);
        if (trainingLock is null)
        {
            log.LogInformation("Project {Project} round {Round}: another Trainer replica is training this project; request left to it.", request.ProjectId, request.Round);
            return;
        }
        if (await checkpoints.FindAsync(request.ProjectId, request.Round, cancellationToken) is { } meanwhile)
        {
            await publish.Publish(Reported(meanwhile), cancellationToken);
            return;
        }
        if (redelivered)
        {
            // Straight on the bus, not held for the end of this consumer: if the round kills this Trainer too, the
            // gateway has still counted the attempt, and after its last one the round is failed and dropped below.
            log.LogWarning("Project {Project} round {Round}: the request was redelivered; the Trainer that had it stopped without a result.", request.ProjectId, request.Round);
            await bus.Publish(new TrainingRequestRedelivered(request.ProjectId, request.Round, identity.Instance, DateTimeOffset.UtcNow), cancellationToken);
        }
        if (await loops.FindAsync(request.ProjectId, cancellationToken) is { } loop
            && (loop.Phase != LoopPhase.Training || loop.Round != request.Round || loop.LastError is not null))
        {
            log.LogWarning("Project {Project} round {Round}: request dropped, the loop no longer waits for it ({Phase}, round {LoopRound}{Error}).",
                request.ProjectId, request.Round, loop.Phase, loop.Round, loop.LastError is null ? "" : ", failed");
            return;
        }

        using var activity = TelemetryExtensions.Source.StartActivity("train round");
        activity?.SetTag("defectrefine.project", request.ProjectId.ToString());
        activity?.SetTag("defectrefine.round", request.Round);
        var clock = Stopwatch.StartNew();
        try
        {
            var trained = await TrainRoundAsync(request, cancellationToken);
            metrics.Training(request.ProjectId, TrainingOutcome.Trained, clock.Elapsed);
            await publish.Publish(trained, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A known failure is the round's own (bad data, a diverged model): trying again gives the same. Any other
            // (a database error, a native library's) is reported as one attempt, and the gateway sends the round again
            // until its attempts run out; never thrown to the bus, whose retry would train again without counting.
            var known = error is InvalidDataException or ArgumentException or InvalidOperationException or DefectRefine.LabelStore.LabelStoreException;
            metrics.Training(request.ProjectId, error is TrainingDivergedException ? TrainingOutcome.Diverged : TrainingOutcome.Failed, clock.Elapsed);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            log.LogError(error, "Project {Project} round {Round} failed{How}", request.ProjectId, request.Round, known ? "" : " unexpectedly");
            var reason = known ? error.Message : $"{error.GetType().Name}: {error.Message}";
            await publish.Publish(new TrainingFailed(request.ProjectId, request.Round, reason, identity.Instance, DateTimeOffset.UtcNow, Unexpected: !known), cancellationToken);
        }
    }

    private async Task<ModelTrained> TrainRoundAsync(TrainingPatchesSampled request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var version = ProjectLoopRules.ModelVersionFor(request.ProjectId, request.Round);
        var parent = await checkpoints.LatestBeforeAsync(request.ProjectId, request.Round, cancellationToken);
        var centres = PatchCentreCodec.Unpack(request.Patches);
        var images = await pixels.LoadAsync(centres.Select(c => c.ImageId), cancellationToken);
        var sampler = new PatchSampler([.. images.Select(i => new SamplingImage(i.Key, i.Value.Width, i.Value.Height, null))], centres);
        var training = new TrainingOptions
        {
            BatchSize = plan.BatchSize,
            MaxSteps = plan.Steps,
            MinSteps = Math.Min(60, plan.Steps),
            Source = SampleSource.Verified,
            Seed = plan.Seed,
            PriorDefectShare = request.MaskDefectShare,
            ProgressEverySteps = 1,
        };

        // A diverged round (PatchTrainer stops at its first NaN or infinite loss, so no such model is ever stored) is
        // tried again from the same parent with other batches, then reported as failed.
        PatchModel model;
        TrainingMetrics result;
        ProgressPublisher progress;
        for (var attempt = 1; ; attempt++)
        {
            model = await LoadParentAsync(parent, plan, cancellationToken);
            progress = new ProgressPublisher(request, bus, TimeSpan.FromSeconds(options.ProgressSeconds), identity.Instance, log);
            var attemptOptions = training with { Seed = plan.Seed + ((attempt - 1) * 7919) };
            log.LogInformation("Project {Project} round {Round}: training {Steps} steps from {Parent} on {Centres} centres ({Device}), attempt {Attempt}",
                request.ProjectId, request.Round, plan.Steps, parent?.Version ?? "a new model", centres.Count, ComputeDevice.Describe(model.Device), attempt);
            try
            {
                var current = model;
                result = await Task.Run(() => PatchTrainer.Train(current, sampler, images, attemptOptions, progress.Report, cancellationToken), cancellationToken);
                progress.Finish(result, plan.Steps);
                await progress.DrainAsync();
                break;
            }
            catch (TrainingDivergedException diverged) when (attempt < options.DivergedAttempts)
            {
                await progress.DrainAsync();
                model.Dispose();
                log.LogWarning("Project {Project} round {Round}: {Reason} Trying again with other batches.", request.ProjectId, request.Round, diverged.Message);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        using var trainedModel = model;
        // The pixel learner reports no steps of its own: its minutes must not look like a silent, dead round to the
        // gateway's watchdog, which counts a resend as a failed attempt.
        await progress.RepeatFinishWhileAsync(pixelRounds.TrainAsync(request.ProjectId, request.Round, version, plan.Seed, cancellationToken));

        var info = new CheckpointInfo(version, parent?.Version, trainedModel.Config, result, DateTimeOffset.UtcNow);
        using var bytes = new MemoryStream();
        ModelCheckpoint.Save(trainedModel, info, bytes);
        var trained = new ModelTrained(request.ProjectId, request.Round, version, parent?.Version, result.Steps, result.FinalLoss,
            result.FinalAccuracy, result.Seconds, identity.Instance, DateTimeOffset.UtcNow);
        if (!await checkpoints.SaveAsync(request.ProjectId, request.Round, version, parent?.Version, bytes.ToArray(), JsonSerializer.Serialize(trained, Json), cancellationToken))
            log.LogWarning("Project {Project} round {Round}: a checkpoint was stored meanwhile; the stored one stands.", request.ProjectId, request.Round);
        log.LogInformation("Project {Project} round {Round}: {Version} after {Steps} steps, loss {Loss:F3}, {Seconds:F1} s",
            request.ProjectId, request.Round, version, result.Steps, result.FinalLoss, result.Seconds);
        return trained;
    }

    private async Task<PatchModel> LoadParentAsync(StoredCheckpoint? parent, TrainingPlan plan, CancellationToken cancellationToken)
    {
        if (parent is null)
        {
            var config = new PatchModelConfig { PatchSize = plan.PatchSize, Width = plan.ModelWidth, EmbeddingSize = plan.EmbeddingSize };
            config.Validate();
            return PatchModel.Create(config, _device.Value, plan.Seed);
        }
        var bytes = await checkpoints.LoadBytesAsync(parent.Version, cancellationToken)
            ?? throw new InvalidDataException($"Checkpoint {parent.Version} has no stored bytes.");
        using var stream = new MemoryStream(bytes);
        return ModelCheckpoint.Load(stream, _device.Value).Model;
    }

    private static ModelTrained Reported(StoredCheckpoint stored) =>
        JsonSerializer.Deserialize<ModelTrained>(stored.InfoJson, Json) ?? throw new InvalidDataException($"Checkpoint {stored.Version} has no report.");

    /// <summary>
    /// Publishes at most one progress report per interval, off the training thread, on the bus itself: the consumer's
    /// own publishes are held until it completes (the in-memory outbox), and progress must be seen while it runs. The
    /// round's end is always published (<see cref="Finish"/>): a round that converges at step 177 of 200 must not leave
    /// its last throttled report, or none, as what everyone sees.
    /// </summary>
    private sealed class ProgressPublisher(TrainingPatchesSampled request, IPublishEndpoint publish, TimeSpan interval, string trainer, ILogger log)
    {
        private readonly List<Task> _sent = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.MinValue;
        private TrainingProgressed? _finish;

        public void Report(TrainingProgress progress)
        {
            if (_last != TimeSpan.MinValue && _clock.Elapsed - _last < interval)
                return;
            _last = _clock.Elapsed;
            var message = new TrainingProgressed(request.ProjectId, request.Round, progress.Step, progress.MaxSteps, progress.Loss, progress.Accuracy,
                progress.Elapsed.TotalSeconds, trainer);
            lock (_sent)
                _sent.Add(publish.Publish(message));
        }

        /// <summary>The round's last report: the step it ended at, why, and its final (smoothed) loss and accuracy.</summary>
        public void Finish(TrainingMetrics result, int maxSteps)
        {
            var message = new TrainingProgressed(request.ProjectId, request.Round, result.Steps, maxSteps, result.FinalLoss, result.FinalAccuracy,
                result.Seconds, trainer, result.StoppedBy.ToString());
            _finish = message;
            lock (_sent)
                _sent.Add(publish.Publish(message));
        }

        /// <summary>Publishes the round's last report again every interval until <paramref name="work"/> ends.</summary>
        public async Task RepeatFinishWhileAsync(Task work)
        {
            while (await Task.WhenAny(work, Task.Delay(interval)) != work)
            {
                if (_finish is not { } last)
                    continue;
                try
                {
                    await publish.Publish(last);
                }
                catch (Exception error)
                {
                    log.LogWarning(error, "A training progress report could not be published.");
                }
            }
            await work;
        }

        public async Task DrainAsync()
        {
            Task[] sent;
            lock (_sent)
                sent = [.. _sent];
            try
            {
                await Task.WhenAll(sent);
            }
            catch (Exception error)
            {
                // Progress is informational: a lost report must not fail the round.
                log.LogWarning(error, "A training progress report could not be published.");
            }
        }
    }
}
