namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// What a synthetic steel image can show. The first three are defects (drawn into the true mask as well as the
/// pixels); the others are harmless artefacts a model must learn to ignore (pixels only).
/// </summary>
public enum SteelFeatureKind
{
    /// <summary>A thin, long, slightly curved dark or bright line, 1–4 px wide.</summary>
    Scratch,

    /// <summary>A cluster of small dark blobs stretched along the rolling direction.</summary>
    Inclusion,

    /// <summary>A large irregular darker or lighter region with a soft but definite outline.</summary>
    Patch,

    /// <summary>A faint, wobbly ring left by a dried drop.</summary>
    WaterMark,

    /// <summary>A smooth brightness ramp or vignette across the whole image.</summary>
    IlluminationGradient,

    /// <summary>A faint dark blob that fades out with no edge.</summary>
    OilSpot,
}
