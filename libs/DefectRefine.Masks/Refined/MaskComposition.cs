namespace DefectRefine.Masks.Refined;

/// <summary>How a model's dense map becomes a refined mask (both bound by the labels' prior and the expert's labels).</summary>
public enum MaskComposition
{
    /// <summary>The map thresholded at 0.5 (<see cref="RefinedMaskComposer"/>).</summary>
    Threshold,

    /// <summary>The map as GrabCut's seeds, so the mask follows the image's edges (<see cref="GraphCutRefinement"/>).</summary>
    GraphCut,
}
