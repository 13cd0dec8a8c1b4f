using DefectRefine.Imaging;

namespace DefectRefine.Masks.Refined;

/// <summary>What a learner takes as the defect inside the initial labels before any expert has answered.</summary>
public enum ProposalSource
{
    /// <summary>The labels as they are: a box's whole inside is "defect".</summary>
    Labels,

    /// <summary>
    /// GrabCut in the labels (<see cref="LabelProposal.GrabCut"/>): inside each box, the pixels that the image separates
    /// from the background around the box. No expert, only the image.
    /// </summary>
    GrabCut,
}

/// <summary>
/// A first guess of the defect inside the initial labels. A box says where a defect is, not which of its pixels: trained
/// on a box's whole inside, a model learns the box. GrabCut separates, inside each box, what differs from the background
/// around it, so the learner starts from targets closer to the truth and learns what a defect looks like.
/// </summary>
public static class LabelProposal
{
    public static BinaryMask Of(ProposalSource source, GrayscaleImage image, BinaryMask initial, LabelPrior prior) => source switch
    {
        ProposalSource.Labels => initial.Clone(),
        ProposalSource.GrabCut => GrabCut(image, initial, prior),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown proposal source."),
    };

    /// <summary>
    /// GrabCut seeded by the labels: inside them "probably defect", in the band around them "probably background",
    /// beyond it background; each labelled region keeps at least one defect (<see cref="GraphCutRefinement"/>).
    /// Without a prior (noise labels) the labels are no guide, and they are returned as they are.
    /// </summary>
    public static BinaryMask GrabCut(GrayscaleImage image, BinaryMask initial, LabelPrior prior)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(initial);
        if (prior == LabelPrior.None)
            return initial.Clone();
        var probability = new float[initial.PixelCount];
        for (var i = 0; i < probability.Length; i++)
            probability[i] = initial.Get(i) ? 1f : 0f;
        return GraphCutRefinement.Compose(image, probability, initial, prior);
    }
}
