using System.Diagnostics;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Imaging;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Pixel;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Evaluation;

/// <summary>
/// The loop with the pixel learner (the default): the model maps every labelled image each round, the refined mask of
/// each image is composed from its map, its initial labels as a prior and every expert label as a hard constraint
/// (<see cref="RefinedMaskComposer"/>), and queries are drawn from the pixels whose label is in doubt. The headline is
/// the refined masks' pixel F1 against the truth: what a user exports.
/// </summary>
internal static class PixelExperiment
{
    private const int SampledTrainingImages = 4;

    public static ExperimentResult Run(
        IReadOnlyList<EvaluationImage> train,
        IReadOnlyList<EvaluationImage> test,
        EvaluationOptions options,
        Action<string>? progress,
        ReferenceCache? cache,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var prior = PriorOf(options.Init);
        var working = train.Select((image, i) => new Labelled(Guid.NewGuid(), image, new StandardisedImage(image.Pixels),
            RefinementExperiment.InitialMask(image.Truth, options.Init, RefinementExperiment.Seed(options.Seed, i)))).ToList();
        if (options.Proposal != ProposalSource.Labels)
            progress?.Invoke($"proposing the defects inside the {options.Init} labels ({options.Proposal}) ...");
        foreach (var w in working)
        {
            w.Expert = new ExpertLayer(w.Image.Pixels.Width, w.Image.Pixels.Height);
            w.Proposal = LabelProposal.Of(options.Proposal, w.Image.Pixels, w.Initial, prior);
        }
        var testSet = TestSet.Create(test, options, random);
        cache ??= new ReferenceCache();
        var labelReferences = LabelReferences.Measure(train, [.. working.Select(w => w.Initial)], test, testSet.Initial, cache, cancellationToken);
        progress?.Invoke(LabelReferences.Describe(labelReferences));

        progress?.Invoke($"initial training of the pixel model on {options.Init} labels ({train.Count} images) ...");
        using var model = new Ensemble(options);
        var collapses = new List<string>();
        var steps = Train(model, working, prior, options.InitialSteps, 0, options, collapses, progress, cancellationToken);
        var (initial, maps) = Stage("initial", 0, 0, steps, model, working, prior, options.Composition, testSet);
        progress?.Invoke(RefinementExperiment.Describe(initial));

        var sessions = new List<StageResult>();
        var answered = 0;
        long labelled = 0;
        var truths = working.ToDictionary(w => w.Id, w => w.Image.Truth);
        var byId = working.ToDictionary(w => w.Id);
        var expert = new SimulatedExpert(truths, options.ExpertNoise, new Random(options.Seed + 7));
        for (var session = 1; session <= options.Sessions; session++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pool = PixelPool.Build(working.Select(w => new PixelPool.Source(w.Id, w.Map!, w.Initial, w.Refined!, prior, w.Expert)).ToList(),
                options.PoolSize, options.Strategy == QueryStrategy.Random ? PixelPool.Focus.Uniform : PixelPool.Focus.Doubt, random);
            var used = new HashSet<int>();
            for (var q = 0; q < options.QueriesPerSession; q++)
            {
                var query = RefinementExperiment.NextQuery(pool, options, random, used);
                var applied = AnswerApplication.Apply(query, expert.Answer(query, options.Refine), options.Refine,
                    id => (byId[id].Image.Pixels.Width, byId[id].Image.Pixels.Height));
                foreach (var centre in applied.Verified)
                {
                    var w = byId[centre.ImageId];
                    labelled += ExpertLabels.Record(w.Expert!, centre, options.Refine, query.PatchSize);
                    if (options.Reach == AnswerReach.Superpixel && options.Refine != RefinementGranularity.WholePatch)
                        labelled += w.Expert!.Propagate(Propagated(w, centre, query.PatchSize), centre.Defect);
                }
                answered++;
            }
            steps += Train(model, working, prior, options.SessionSteps, session, options, collapses, progress, cancellationToken);
            (var result, maps) = Stage($"session {session}", answered, labelled, steps, model, working, prior, options.Composition, testSet);
            sessions.Add(result);
            progress?.Invoke(RefinementExperiment.Describe(result));
        }

        var totalSteps = options.InitialSteps + (options.Sessions * options.SessionSteps);
        var references = cache.GetOrAdd(options, () =>
        {
            progress?.Invoke($"floor: {totalSteps} steps on the unrefined {options.Init} labels ...");
            var floor = Reference("floor", working, prior, useTruth: false, totalSteps, options, testSet, progress, cancellationToken);
            progress?.Invoke(RefinementExperiment.Describe(floor.Stage));
            progress?.Invoke($"ceiling: {totalSteps} steps on the true masks ...");
            var ceiling = Reference("ceiling", working, prior, useTruth: true, totalSteps, options, testSet, progress, cancellationToken);
            progress?.Invoke(RefinementExperiment.Describe(ceiling.Stage));
            return new ReferenceCache.References(floor.Stage, floor.Maps, ceiling.Stage, ceiling.Maps);
        });

        var samples = working.Select((w, i) => (w, i, Changed: w.Refined!.DifferenceFrom(w.Initial).Sum(r => (long)r.Length)))
            .OrderByDescending(t => t.Changed).ThenBy(t => t.i).Take(SampledTrainingImages)
            .Select(t => new MaskSample($"train-{t.w.Image.Stem}", t.w.Image.Pixels, t.w.Image.Truth, [("initial labels", t.w.Initial), ("refined", t.w.Refined!)]))
            .Concat(testSet.Images.Take(maps.Count).Select((t, i) => new MaskSample($"test-{t.Stem}", t.Pixels, t.Truth,
                [("floor model", references.FloorMaps[i]), (sessions.Count > 0 ? $"after session {sessions.Count}" : "initial model", maps[i]), ("ceiling model", references.CeilingMaps[i])])))
            .ToList();
        return new ExperimentResult(options, train.Count, test.Count, initial, sessions, references.Floor, references.Ceiling, Math.Round(clock.Elapsed.TotalSeconds, 1))
        {
            Samples = samples,
            References = labelReferences,
            CollapsedRounds = collapses,
        };
    }

    internal static LabelPrior PriorOf(InitialLabels init) => init switch
    {
        InitialLabels.Roi => LabelPrior.Boxes,
        InitialLabels.Seg => LabelPrior.Segmentation,
        _ => LabelPrior.None,
    };

    /// <summary>The region an answer reaches, on the map of the round the expert answered in.</summary>
    private static BinaryMask Propagated(Labelled w, LabelledCentre centre, int patchSize) =>
        AnswerPropagation.Region(w.Image.Pixels, patchSize, w.Map!.Probability, PixelBox.Patch(centre.X, centre.Y, patchSize), centre.X, centre.Y, centre.Defect);

    private static BinaryMask Compose(Labelled w, float[] probability, LabelPrior prior, MaskComposition composition, ExpertLayer? expert) =>
        composition == MaskComposition.GraphCut
            ? GraphCutRefinement.Compose(w.Image.Pixels, probability, w.Initial, prior, expert)
            : RefinedMaskComposer.Compose(probability, w.Initial, prior, expert);

    private static int Train(Ensemble model, IReadOnlyList<Labelled> working, LabelPrior prior, int steps, int phase, EvaluationOptions options,
        List<string> collapses, Action<string>? progress, CancellationToken cancellationToken)
    {
        var images = working.Select(w => PixelTargets.Build(w.Standardised, w.Initial, prior, w.Expert, w.Proposal)).ToList();
        var trained = 0;
        for (var fold = 0; fold < model.Folds; fold++)
        {
            var round = PixelRound.Train(model.Models[fold], CrossFitting.TrainingSetOf(images, fold, model.Folds),
                new PixelTrainingOptions { Steps = steps, Seed = options.Seed + (1000 * phase) + fold }, progress, cancellationToken);
            var name = model.Folds > 1 ? $"round {phase}, fold {fold + 1} of {model.Folds}" : $"round {phase}";
            progress?.Invoke($"  {name}: {round.Describe()}");
            if (round.Collapsed)
                collapses.Add($"{name}: {round.Describe()}");
            trained = Math.Max(trained, round.Steps);
        }
        return trained;
    }

    /// <summary>The fold models (<see cref="CrossFitting"/>): each labelled image is mapped by the model of its fold, any other image by their mean.</summary>
    private sealed class Ensemble : IDisposable
    {
        public Ensemble(EvaluationOptions options) =>
            Models = [.. Enumerable.Range(0, options.Folds).Select(k => PixelModel.Create(options.PixelModel, seed: options.Seed + (7 * k)))];

        public IReadOnlyList<PixelModel> Models { get; }
        public int Folds => Models.Count;

        public PixelMap Map(int index, StandardisedImage image) => Models[CrossFitting.FoldOf(index, Folds)].Map(image);

        public float[] Segment(StandardisedImage image) => CrossFitting.Mean([.. Models.Select(m => m.Segment(image))]);

        public void Dispose()
        {
            foreach (var m in Models)
                m.Dispose();
        }
    }

    /// <summary>Maps every labelled image, composes its refined mask, and scores the refined masks and the test maps.</summary>
    private static (StageResult, IReadOnlyList<BinaryMask>) Stage(string name, int answered, long labelled, int steps, Ensemble model,
        IReadOnlyList<Labelled> working, LabelPrior prior, MaskComposition composition, TestSet test)
    {
        var masks = new Confusion();
        for (var i = 0; i < working.Count; i++)
        {
            var w = working[i];
            w.Map = model.Map(i, w.Standardised);
            w.Refined = Compose(w, w.Map.Probability, prior, composition, w.Expert);
            PixelScores.Add(ref masks, w.Refined, w.Image.Truth);
        }
        var (paper, truth, maps) = test.Score(model.Segment, masks.F1);
        return (new StageResult(name, answered, labelled, steps, paper, truth), maps);
    }

    private static (StageResult Stage, IReadOnlyList<BinaryMask> Maps) Reference(string name, IReadOnlyList<Labelled> working, LabelPrior prior, bool useTruth,
        int steps, EvaluationOptions options, TestSet test, Action<string>? progress, CancellationToken cancellationToken)
    {
        // The floor is cross-fitted as the experiment is; the ceiling's targets are the truth, which has no noise to memorise.
        using var model = new Ensemble(useTruth ? options with { Folds = 1 } : options);
        var images = working.Select(w => useTruth
            ? PixelTargets.Build(w.Standardised, w.Image.Truth, LabelPrior.None)
            : PixelTargets.Build(w.Standardised, w.Initial, prior, proposal: w.Proposal)).ToList();
        for (var fold = 0; fold < model.Folds; fold++)
            PixelTrainer.Train(model.Models[fold], CrossFitting.TrainingSetOf(images, fold, model.Folds), new PixelTrainingOptions { Steps = steps, Seed = options.Seed + 99_000 + fold }, progress, cancellationToken);
        var masks = new Confusion();
        for (var i = 0; i < working.Count; i++)
        {
            var w = working[i];
            var probability = model.Map(i, w.Standardised).Probability;
            var refined = useTruth
                ? RefinedMaskComposer.Compose(probability, w.Initial, LabelPrior.None)
                : Compose(w, probability, prior, options.Composition, expert: null);
            PixelScores.Add(ref masks, refined, w.Image.Truth);
        }
        var (paper, truth, maps) = test.Score(model.Segment, masks.F1);
        return (new StageResult(name, 0, 0, steps, paper, truth), maps);
    }

    private sealed class Labelled(Guid id, EvaluationImage image, StandardisedImage standardised, BinaryMask initial)
    {
        public Guid Id { get; } = id;
        public EvaluationImage Image { get; } = image;
        public StandardisedImage Standardised { get; } = standardised;
        public BinaryMask Initial { get; } = initial;
        public ExpertLayer? Expert { get; set; }
        public PixelMap? Map { get; set; }
        public BinaryMask? Refined { get; set; }

        /// <summary>The first guess of the defect inside the labels that training starts from (<see cref="LabelProposal"/>).</summary>
        public BinaryMask? Proposal { get; set; }
    }

    /// <summary>The test split with its initial labels and fixed centres, scored under both protocols.</summary>
    private sealed class TestSet
    {
        private TestSet(IReadOnlyList<EvaluationImage> images, IReadOnlyList<BinaryMask> initial, IReadOnlyList<StandardisedImage> standardised, IReadOnlyList<(int Image, int X, int Y)> centres)
        {
            Images = images;
            Initial = initial;
            Standardised = standardised;
            Centres = centres;
        }

        public IReadOnlyList<EvaluationImage> Images { get; }
        public IReadOnlyList<BinaryMask> Initial { get; }
        public IReadOnlyList<StandardisedImage> Standardised { get; }
        public IReadOnlyList<(int Image, int X, int Y)> Centres { get; }

        public static TestSet Create(IReadOnlyList<EvaluationImage> test, EvaluationOptions options, Random random)
        {
            var centres = new List<(int, int, int)>();
            for (var i = 0; i < test.Count; i++)
                for (var c = 0; c < options.CentresPerTestImage; c++)
                    centres.Add((i, random.Next(test[i].Pixels.Width), random.Next(test[i].Pixels.Height)));
            var initial = test.Select((image, i) => RefinementExperiment.InitialMask(image.Truth, options.Init, RefinementExperiment.Seed(options.Seed, 100_000 + i))).ToList();
            return new TestSet(test, initial, [.. test.Select(t => new StandardisedImage(t.Pixels))], centres);
        }

        public (PaperMetrics, TruthMetrics, IReadOnlyList<BinaryMask>) Score(Func<StandardisedImage, float[]> segment, double masksF1)
        {
            var probabilities = Standardised.Select(segment).ToList();
            var paper = new Confusion();
            var patches = new Confusion();
            foreach (var (i, x, y) in Centres)
            {
                var predicted = probabilities[i][(y * Images[i].Pixels.Width) + x] > 0.5f;
                paper.Add(predicted, Initial[i][x, y]);
                patches.Add(predicted, Images[i].Truth[x, y]);
            }
            var dense = new Confusion();
            var maps = new List<BinaryMask>();
            for (var i = 0; i < Images.Count; i++)
            {
                var map = RefinedMaskComposer.Compose(probabilities[i], new BinaryMask(Images[i].Pixels.Width, Images[i].Pixels.Height), LabelPrior.None);
                PixelScores.Add(ref dense, map, Images[i].Truth);
                if (maps.Count < Evaluator.KeptMaps)
                    maps.Add(map);
            }
            return (new PaperMetrics(Round(paper.F1), Round(paper.Recall), Round(paper.Precision)),
                new TruthMetrics(Round(patches.F1), Round(dense.F1), Round(dense.Iou), Round(masksF1)), maps);
        }
    }

    private static double Round(double value) => Math.Round(value, 4);
}
