namespace DefectRefine.Learning.Answers;

/// <summary>How much of each answered patch an answer changes: the paper's three refinement granularities (Tables 1–3).</summary>
public enum RefinementGranularity
{
    /// <summary>Only the centre pixel of each patch takes the patch's label.</summary>
    CentrePixel,

    /// <summary>The expert may click the defect inside a patch: the centre moves there and that pixel becomes a defect.</summary>
    Shift,

    /// <summary>Every pixel of the patch takes the patch's label.</summary>
    WholePatch,
}
