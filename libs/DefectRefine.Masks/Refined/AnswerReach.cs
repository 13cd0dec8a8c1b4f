namespace DefectRefine.Masks.Refined;

/// <summary>How far an expert's answer reaches beyond the pixels it names.</summary>
public enum AnswerReach
{
    /// <summary>Only what the answer names (its centre pixel, or its patch under patch refinement).</summary>
    Named,

    /// <summary>
    /// Also the region around each answered pixel that the image and the model put with it
    /// (<see cref="AnswerPropagation"/>), inside the patch the expert saw.
    /// </summary>
    Superpixel,
}
