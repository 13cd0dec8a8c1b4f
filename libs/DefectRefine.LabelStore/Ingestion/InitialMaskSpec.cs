namespace DefectRefine.LabelStore.Ingestion;

/// <summary>Where an image's first mask comes from.</summary>
public enum InitialMaskSource
{
    /// <summary>The labels that came with the image (boxes → ROI mask, a mask → segmentation mask).</summary>
    Labels,

    /// <summary>SIMULATION: expert boxes synthesised from the true mask that came with the image; the truth is kept for evaluation.</summary>
    SimulatedRoi,

    /// <summary>SIMULATION: a coarse segmentation synthesised from the true mask; the truth is kept for evaluation.</summary>
    SimulatedCoarse,

    /// <summary>Uniform random noise (seeded); a true mask that came with the image is kept for evaluation.</summary>
    Noise,
}

/// <summary>How to build an image's first mask; the seed makes simulations and noise reproducible (and is recorded).</summary>
public sealed record InitialMaskSpec(InitialMaskSource Source, ulong Seed = 1, double NoiseFraction = 0.5)
{
    public static InitialMaskSpec FromLabels { get; } = new(InitialMaskSource.Labels);

    public static InitialMaskSource Parse(string? text) => (text ?? "labels").Trim().ToLowerInvariant() switch
    {
        "labels" or "" => InitialMaskSource.Labels,
        "simulated-roi" => InitialMaskSource.SimulatedRoi,
        "simulated-coarse" => InitialMaskSource.SimulatedCoarse,
        "noise" => InitialMaskSource.Noise,
        var other => throw new LabelStoreException(LabelStoreFailure.Invalid,
            $"Unknown initial mask '{other}': use labels, simulated-roi, simulated-coarse or noise."),
    };
}
