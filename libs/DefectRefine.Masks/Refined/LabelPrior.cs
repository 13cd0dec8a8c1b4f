namespace DefectRefine.Masks.Refined;

/// <summary>What the initial labels of an image are, which decides how far a refined mask may depart from them.</summary>
public enum LabelPrior
{
    /// <summary>Regions of interest (boxes): far outside every box is background; inside, the model decides; each box holds a defect.</summary>
    Boxes,

    /// <summary>A rough segmentation: trusted far from its edges, decided by the model near them; each region holds a defect.</summary>
    Segmentation,

    /// <summary>No usable labels: the model decides everywhere.</summary>
    None,
}
