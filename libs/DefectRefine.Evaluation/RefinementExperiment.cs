using System.Diagnostics;
using DefectRefine.Imaging;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Learning.Training;
using DefectRefine.Masks;
using DefectRefine.Masks.Simulation;

namespace DefectRefine.Evaluation;

/// <summary>
/// The paper's loop in process, with a simulated expert: simulate the initial labels from the truth, train, then for
/// each session embed a pool, ask the queries, apply the answers to the masks (exactly as the label history would),
/// fine-tune with the chosen feedback, and measure. The same library code as Trainer, Miner and LabelGateway.
/// </summary>
public static class RefinementExperiment
{
    private const int SampledTrainingImages = 4;
    private const int ProgressEverySteps = 100;

    public static ExperimentResult Run(
        IReadOnlyList<EvaluationImage> train,
        IReadOnlyList<EvaluationImage> test,
        EvaluationOptions options,
        Action<string>? progress = null,
        ReferenceCache? cache = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException("An experiment needs at least one training and one test image.");
        if (options.Learner == Learner.Pixel)
            return PixelExperiment.Run(train, test, options, progress, cache, cancellationToken);
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);

        var working = train.Select((image, i) => (Id: Guid.NewGuid(), Image: image, Mask: InitialMask(image.Truth, options.Init, Seed(options.Seed, i)))).ToList();
        var testImages = test.Select((image, i) =>
        {
            var centres = Enumerable.Range(0, options.CentresPerTestImage)
                .Select(_ => new PatchCentre(Guid.Empty, random.Next(image.Pixels.Width), random.Next(image.Pixels.Height))).ToList();
            var id = Guid.NewGuid();
            return new TestImage(id, image, InitialMask(image.Truth, options.Init, Seed(options.Seed, 100_000 + i)), [.. centres.Select(c => c with { ImageId = id })]);
        }).ToList();
        var evaluator = new Evaluator(testImages);
        var pixels = working.ToDictionary(w => w.Id, w => w.Image.Pixels);
        var truths = working.ToDictionary(w => w.Id, w => w.Image.Truth);
        var masks = working.ToDictionary(w => w.Id, w => w.Mask);
        var initialMasks = working.Select(w => w.Mask.Clone()).ToList();
        var learning = working.Select(w => new LearningImage(w.Id, w.Image.Pixels, w.Mask)).ToList();
        var totalSteps = options.InitialSteps + (options.Sessions * options.SessionSteps);
        cache ??= new ReferenceCache();
        var labelReferences = LabelReferences.Measure(train, initialMasks, test, [.. testImages.Select(t => t.Initial)], cache, cancellationToken);
        progress?.Invoke(LabelReferences.Describe(labelReferences));

        progress?.Invoke($"initial training on {options.Init} labels ({train.Count} images) ...");
        using var model = PatchModel.Create(options.Model, seed: options.Seed);
        var steps = Train(model, new PatchSampler(learning, []), pixels, options, SampleSource.Mask, options.InitialSteps, 0, progress, cancellationToken);
        var (initial, maps) = Stage("initial", 0, 0, steps, model, evaluator, working.Select(w => (w.Mask, w.Image.Truth)));
        progress?.Invoke(Describe(initial));

        var verified = new List<LabelledCentre>();
        var sessions = new List<StageResult>();
        var answered = 0;
        long changed = 0;
        var expert = new SimulatedExpert(truths, options.ExpertNoise, new Random(options.Seed + 7));
        for (var session = 1; session <= options.Sessions; session++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pool = EmbeddedPool.Embed(model, new PatchSampler(learning, []).SamplePool(options.PoolSize, random), pixels);
            var used = new HashSet<int>();
            for (var q = 0; q < options.QueriesPerSession; q++)
            {
                var query = RefinementExperiment.NextQuery(pool, options, random, used);
                var applied = AnswerApplication.Apply(query, expert.Answer(query, options.Refine), options.Refine,
                    id => (pixels[id].Width, pixels[id].Height));
                foreach (var refinement in applied.Refinements)
                    changed += refinement.ApplyTo(masks[refinement.ImageId]);
                verified.AddRange(applied.Verified);
                answered++;
            }
            var sampler = new PatchSampler(learning, verified);
            steps += Train(model, sampler, pixels, options, options.Feedback, options.SessionSteps, session, progress, cancellationToken);
            (var result, maps) = Stage($"session {session}", answered, changed, steps, model, evaluator, working.Select(w => (w.Mask, w.Image.Truth)));
            sessions.Add(result);
            progress?.Invoke(Describe(result));
        }

        var ids = working.Select(w => w.Id).ToList();
        var trainImages = working.Select(w => w.Image).ToList();
        var references = cache.GetOrAdd(options, () =>
        {
            progress?.Invoke($"floor: {totalSteps} steps on the unrefined {options.Init} labels ...");
            var (floor, floorMaps) = Reference("floor", ids, initialMasks, trainImages, pixels, options, totalSteps, evaluator, progress, cancellationToken);
            progress?.Invoke(Describe(floor));
            progress?.Invoke($"ceiling: {totalSteps} steps on the true masks ...");
            var (ceiling, ceilingMaps) = Reference("ceiling", ids, [.. trainImages.Select(i => i.Truth)], trainImages, pixels, options, totalSteps, evaluator, progress, cancellationToken);
            progress?.Invoke(Describe(ceiling));
            return new ReferenceCache.References(floor, floorMaps, ceiling, ceilingMaps);
        });
        var (floor, floorMaps, ceiling, ceilingMaps) = references;

        // The training images refinement changed most show its effect best; the first test images show the models'.
        var samples = working.Select((w, i) => (w, i, Changed: w.Mask.DifferenceFrom(initialMasks[i]).Sum(r => (long)r.Length)))
            .OrderByDescending(t => t.Changed).ThenBy(t => t.i).Take(SampledTrainingImages)
            .Select(t => new MaskSample($"train-{t.w.Image.Stem}", t.w.Image.Pixels, t.w.Image.Truth, [("initial labels", initialMasks[t.i]), ("refined", t.w.Mask)]))
            .Concat(testImages.Take(maps.Count).Select((t, i) => new MaskSample($"test-{t.Image.Stem}", t.Image.Pixels, t.Image.Truth,
                [("floor model", floorMaps[i]), (sessions.Count > 0 ? $"after session {sessions.Count}" : "initial model", maps[i]), ("ceiling model", ceilingMaps[i])])))
            .ToList();
        return new ExperimentResult(options, train.Count, test.Count, initial, sessions, floor, ceiling, Math.Round(clock.Elapsed.TotalSeconds, 1)) { Samples = samples, References = labelReferences };
    }

    public static string Describe(StageResult stage) =>
        $"{stage.Stage}: {stage.AnsweredQueries} answers, {stage.PixelsChanged} px changed; paper F1 {stage.Paper.F1:F3}; " +
        $"truth patch F1 {stage.Truth.PatchF1:F3}, pixel F1 {stage.Truth.PixelF1:F3}, IoU {stage.Truth.PixelIou:F3}, training masks F1 {stage.Truth.MasksPixelF1:F3}";

    private static (StageResult, IReadOnlyList<BinaryMask>) Reference(string name, IReadOnlyList<Guid> ids, IReadOnlyList<BinaryMask> masks, IReadOnlyList<EvaluationImage> images,
        IReadOnlyDictionary<Guid, GrayscaleImage> pixels, EvaluationOptions options, int steps, Evaluator evaluator, Action<string>? progress,
        CancellationToken cancellationToken)
    {
        var learning = ids.Select((id, i) => new LearningImage(id, pixels[id], masks[i])).ToList();
        using var model = PatchModel.Create(options.Model, seed: options.Seed);
        var done = Train(model, new PatchSampler(learning, []), pixels, options, SampleSource.Mask, steps, 99, progress, cancellationToken);
        return Stage(name, 0, 0, done, model, evaluator, masks.Select((m, i) => (m, images[i].Truth)));
    }

    private static int Train(PatchModel model, PatchSampler sampler, IReadOnlyDictionary<Guid, GrayscaleImage> pixels, EvaluationOptions options,
        SampleSource source, int steps, int phase, Action<string>? progress, CancellationToken cancellationToken)
    {
        // A fixed step budget (no early convergence), so every strategy gets the same training; the warm-up spares a
        // fine-tune the large first steps of fresh Adam moments, and the decay ends each phase on a settled model, so
        // stages differ by what was learned rather than by where the last step happened to land.
        var metrics = PatchTrainer.Train(model, sampler, pixels, new TrainingOptions
        {
            BatchSize = options.BatchSize,
            MaxSteps = steps,
            MinSteps = int.MaxValue,
            Schedule = LearningRateSchedule.WarmupCosine,
            Source = source,
            Seed = options.Seed + (1000 * phase),
            ProgressEverySteps = ProgressEverySteps,
        }, progress: p =>
        {
            if (p.Step < p.MaxSteps)
                progress?.Invoke($"  step {p.Step}/{p.MaxSteps}, loss {p.Loss:F3}, {p.Elapsed.TotalSeconds:F0} s");
        }, cancellationToken: cancellationToken);
        return metrics.Steps;
    }

    private static (StageResult, IReadOnlyList<BinaryMask>) Stage(string name, int answered, long changed, int steps, PatchModel model, Evaluator evaluator,
        IEnumerable<(BinaryMask Refined, BinaryMask Truth)> masks)
    {
        var (paper, truth, maps) = evaluator.Score(model, masks);
        return (new StageResult(name, answered, changed, steps, paper, truth), maps);
    }

    /// <summary>The session's next query under the experiment's strategy; both learners ask the same way.</summary>
    internal static Query NextQuery(EmbeddedPool pool, EvaluationOptions options, Random random, ISet<int> used) => options.Strategy switch
    {
        QueryStrategy.Random => QueryAcquisition.RandomQuery(pool, random, used),
        QueryStrategy.Entropy => QueryAcquisition.EntropyTopK(pool, used),
        _ => QueryAcquisition.Similarity(pool, options.Anchor, random, used),
    };

    internal static BinaryMask InitialMask(BinaryMask truth, InitialLabels init, ulong seed) => init switch
    {
        InitialLabels.Roi => ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = seed }).Mask,
        InitialLabels.Seg => CoarseSegmentationSynthesiser.Synthesise(truth, new CoarseSegmentationOptions { Seed = seed }).Mask,
        _ => InitialMasks.Noise(truth.Width, truth.Height, seed),
    };

    internal static ulong Seed(int experimentSeed, int index) => ((ulong)(uint)experimentSeed << 32) | (uint)index;
}
