namespace DefectRefine.Contracts.V1.Loop;

/// <summary>
/// How a project runs its loop, fixed when the project is created (the event carries them, so an auditor knows the
/// rules every answer was taken under). Defaults are the paper's (50 answers a session, 32 px patches), except that answers propagate (<see cref="Reach"/>).
/// </summary>
public sealed record ProjectSettings
{
    public int SessionTarget { get; init; } = 50;
    public LoopFeedback Feedback { get; init; } = LoopFeedback.Both;
    public LoopGranularity Granularity { get; init; } = LoopGranularity.CentrePixel;

    /// <summary>
    /// How far each label of a centre-pixel answer reaches (whole-patch and shift answers name their pixels themselves). Propagation is the default because it refines better
    /// (docs/evaluation.md); it uses the map the Miner stored for the query's model, and without one an answer names
    /// only its pixels. Each answer's event records whether and how far it propagated, so replay never depends on this
    /// setting. Named is the paper's rule.
    /// </summary>
    public LoopReach Reach { get; init; } = LoopReach.Superpixel;
    public LoopAnchor Anchor { get; init; } = LoopAnchor.MaxEntropy;
    public LoopQueryStrategy Strategy { get; init; } = LoopQueryStrategy.Triplet;
    public int PatchSize { get; init; } = 32;

    /// <summary>Channel width of the patch model (see PatchModelConfig.Width).</summary>
    public int ModelWidth { get; init; } = 32;

    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Ready queries the Miner keeps per project for the newest model.</summary>
    public int QueryBuffer { get; init; } = 20;

    /// <summary>Patches the Sampler draws for the Miner to embed per refill.</summary>
    public int MiningPoolSize { get; init; } = 2048;

    /// <summary>Labelled patch centres the Sampler draws for a training phase; the Trainer's batches come from them.</summary>
    public int TrainingPoolSize { get; init; } = 16384;

    public int InitialTrainingSteps { get; init; } = 300;
    public int SessionTrainingSteps { get; init; } = 150;
    public int BatchSize { get; init; } = 384;

    /// <summary>How long a station may hold a query before it goes back to the buffer.</summary>
    public int LeaseSeconds { get; init; } = 300;

    public int Seed { get; init; } = 1;
}
