using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Pixel;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Evaluation;

/// <summary>Where the initial (wrong) labels of an experiment come from; all three are simulated from the true masks.</summary>
public enum InitialLabels
{
    /// <summary>Expert regions of interest, synthesised as loose merged boxes (ExpertRoiSynthesiser).</summary>
    Roi,

    /// <summary>A coarse "pre-trained" segmentation, synthesised by degrading the truth (CoarseSegmentationSynthesiser).</summary>
    Seg,

    /// <summary>Uniform random noise.</summary>
    Noise,
}

/// <summary>Which model learns from the labels.</summary>
public enum Learner
{
    /// <summary>
    /// The default, because it refines best in measurement (docs/evaluation.md): a light U-Net that labels every pixel
    /// with about 200 px of context, trained on whole images with GrabCut in the initial labels as a weighted prior and
    /// the expert's labels as the truth; each image's refined mask is composed from its map.
    /// </summary>
    Pixel,

    /// <summary>The paper's configuration, kept so its tables stay reproducible: the 32 px patch model, triplet plus cross-entropy, and masks refined only where answered.</summary>
    Paper,
}

/// <summary>One refinement experiment: the paper's choices (initial labels, strategy, anchor, feedback, granularity) and its budget.</summary>
public sealed record EvaluationOptions
{
    public InitialLabels Init { get; init; } = InitialLabels.Roi;
    public QueryStrategy Strategy { get; init; } = QueryStrategy.Triplet;
    public AnchorStrategy Anchor { get; init; } = AnchorStrategy.Random;

    /// <summary>What training samples after a session: the refined masks, the user-verified patches, or both.</summary>
    public SampleSource Feedback { get; init; } = SampleSource.Both;

    public RefinementGranularity Refine { get; init; } = RefinementGranularity.CentrePixel;
    public int Sessions { get; init; } = 4;
    public int QueriesPerSession { get; init; } = 50;

    /// <summary>Probability that the simulated expert gives a wrong answer for a candidate.</summary>
    public double ExpertNoise { get; init; }

    public int Seed { get; init; } = 1;
    public Learner Learner { get; init; } = Learner.Pixel;
    public PatchModelConfig Model { get; init; } = new();
    public PixelNetConfig PixelModel { get; init; } = new();

    /// <summary>Pixel learner: what it takes as the defect inside the initial labels before the expert answers.</summary>
    public ProposalSource Proposal { get; init; } = ProposalSource.GrabCut;

    /// <summary>Pixel learner: how its dense map becomes each image's refined mask.</summary>
    public MaskComposition Composition { get; init; } = MaskComposition.Threshold;

    /// <summary>Pixel learner: how far each answered label reaches (<see cref="AnswerPropagation"/>).</summary>
    public AnswerReach Reach { get; init; } = AnswerReach.Named;

    /// <summary>
    /// Pixel learner: models trained side by side, each mapping the images whose noisy targets it did not learn
    /// (<see cref="CrossFitting"/>); 1 is one model for all. Each model gets the whole step budget.
    /// </summary>
    public int Folds { get; init; } = 1;

    /// <summary>Training steps of the initial phase; each session's fine-tuning gets <see cref="SessionSteps"/>.</summary>
    public int InitialSteps { get; init; } = 300;

    public int SessionSteps { get; init; } = PixelSessionSteps;
    public int BatchSize { get; init; } = 384;

    /// <summary>Patches embedded per session to choose that session's queries from.</summary>
    public int PoolSize { get; init; } = 3000;

    /// <summary>Patch centres per test image for the patch metrics (the paper's 128).</summary>
    public int CentresPerTestImage { get; init; } = 128;

    /// <summary>The defaults of a learner: the paper's step budget for its patch model, the pixel model's own otherwise.</summary>
    public static EvaluationOptions ForLearner(Learner learner) => learner == Learner.Paper
        ? new EvaluationOptions { Learner = Learner.Paper, InitialSteps = PaperInitialSteps, SessionSteps = PaperSessionSteps }
        : new EvaluationOptions { Learner = Learner.Pixel, InitialSteps = PixelInitialSteps, SessionSteps = PixelSessionSteps, Strategy = PixelStrategy, Reach = PixelReach, Folds = PixelFolds };

    /// <summary>
    /// The pixel learner's default queries: with the cross-fitted learner, triplet queries refined its masks best on
    /// every seed (docs/evaluation.md: 0.723 ± 0.004 against random's 0.694 ± 0.009 on NEU-Seg, 3 seeds).
    /// </summary>
    public const QueryStrategy PixelStrategy = QueryStrategy.Triplet;

    /// <summary>
    /// The pixel learner's answers propagate by default: on NEU-Seg (seeds 1–3) refined masks reach 0.683 with random
    /// queries against 0.622 without, and on the synthetic steel 0.738 against 0.436 (docs/evaluation.md).
    /// </summary>
    public const AnswerReach PixelReach = AnswerReach.Superpixel;

    /// <summary>The paper's budget: steps of <see cref="BatchSize"/> patches.</summary>
    public const int PaperInitialSteps = 300;

    public const int PaperSessionSteps = 150;

    /// <summary>
    /// Crop batches of the pixel model's first training and of each session's fine-tuning, per fold model: a session
    /// of 2 × 750 steps takes about 45 s on 2 CPU cores. The ceiling rises with steps (0.72 at 700, 0.82 at 4,200 on
    /// NEU-Seg: <c>dr eval learner</c>); trained this long on GrabCut's guesses a single model also learns their
    /// errors, which <see cref="PixelFolds"/> keeps out of each image's own map (docs/evaluation.md).
    /// </summary>
    public const int PixelInitialSteps = 1200;

    public const int PixelSessionSteps = 750;

    /// <summary>The pixel learner's fold models (<see cref="CrossFitting"/>).</summary>
    public const int PixelFolds = 2;

    public void Validate()
    {
        Model.Validate();
        PixelModel.Validate();
        if (!Enum.IsDefined(Learner))
            throw new ArgumentException($"Unknown learner {Learner}.");
        if (!Enum.IsDefined(Proposal) || !Enum.IsDefined(Composition) || !Enum.IsDefined(Reach))
            throw new ArgumentException($"Unknown proposal source {Proposal}, mask composition {Composition} or answer reach {Reach}.");
        if (Reach != AnswerReach.Named && Learner == Learner.Paper)
            throw new ArgumentException("--propagate needs the pixel learner's maps (--model pixel); the paper's set-up refines only what an answer names.");
        if (Folds is < 1 or > 10)
            throw new ArgumentException($"--folds must be in [1, 10], not {Folds}.");
        if (Folds > 1 && Learner == Learner.Paper)
            throw new ArgumentException("--folds needs the pixel learner (--model pixel).");
        if (Sessions < 0 || QueriesPerSession < 1)
            throw new ArgumentException("--sessions must not be negative and --queries-per-session must be positive.");
        if (ExpertNoise is < 0 or > 1 || double.IsNaN(ExpertNoise))
            throw new ArgumentException($"--expert-noise must be in [0, 1], not {ExpertNoise}.");
        if (InitialSteps < 1 || SessionSteps < 1 || BatchSize < 4 || CentresPerTestImage < 1)
            throw new ArgumentException("Training steps, batch size and centres per test image must be positive.");
        if (PoolSize < (QueriesPerSession * (QueryAcquisition.CandidatesPerQuery + 1)) + 1)
            throw new ArgumentException($"A pool of {PoolSize} patches cannot give {QueriesPerSession} queries of 11 distinct patches.");
    }
}
