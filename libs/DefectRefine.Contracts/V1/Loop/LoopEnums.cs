namespace DefectRefine.Contracts.V1.Loop;

/// <summary>Where a project's refinement loop is: the paper's cycle of labelling, training and mining.</summary>
public enum LoopPhase
{
    /// <summary>A model is being trained (the initial one, or fine-tuned after a session).</summary>
    Training,

    /// <summary>The newest model is choosing the first queries of the next session.</summary>
    Mining,

    /// <summary>Stations answer queries until the session's target is reached.</summary>
    Labelling,
}

/// <summary>The paper's feedback modes: what the next training phase learns from.</summary>
public enum LoopFeedback
{
    /// <summary>Patches drawn from the refined masks.</summary>
    Mask,

    /// <summary>Only the patches the experts have answered.</summary>
    User,

    /// <summary>Half from the answered patches, half from the masks.</summary>
    Both,
}

/// <summary>What an answer changes in a mask (the paper's Tables 1–3).</summary>
public enum LoopGranularity
{
    CentrePixel,
    Shift,
    WholePatch,
}

/// <summary>How far an answer's labels reach beyond the pixels they name.</summary>
public enum LoopReach
{
    /// <summary>Only the pixels named (the paper's rule).</summary>
    Named,

    /// <summary>Also each answered pixel's superpixel where the model's map agrees, inside the patch the expert saw.</summary>
    Superpixel,
}

public enum LoopAnchor
{
    Random,
    MaxEntropy,
}

/// <summary>The paper's similarity query, or one of the baselines it is compared with.</summary>
public enum LoopQueryStrategy
{
    Triplet,
    Random,
    Entropy,
}

public enum TrainingReason
{
    /// <summary>The first model of a project, trained on the initial masks.</summary>
    Initial,

    /// <summary>A session reached its target number of answers.</summary>
    SessionComplete,

    /// <summary>An admin asked for a training before the target was reached.</summary>
    RetrainNow,

    /// <summary>An admin asked again after a training failed.</summary>
    Retry,
}
