namespace DefectRefine.Learning.Sampling;

/// <summary>Where training patches come from: the paper's feedback modes "mask update", "user refined", or both.</summary>
public enum SampleSource
{
    /// <summary>Uniformly from the current masks, labelled by them.</summary>
    Mask,

    /// <summary>Only from the patches the expert has observed, with the labels the expert gave.</summary>
    Verified,

    /// <summary>A share from the verified patches, the rest from the masks.</summary>
    Both,
}
