namespace DefectRefine.Contracts.V1.Labels;

/// <summary>The three starting points of the paper.</summary>
public enum InitialMaskKind
{
    /// <summary>Expert regions of interest: 1–3 boxes, filled.</summary>
    Roi,

    /// <summary>The output of a pre-trained segmentation model (a mask PNG).</summary>
    Segmentation,

    /// <summary>Uniform random noise, seeded.</summary>
    Noise,
}
