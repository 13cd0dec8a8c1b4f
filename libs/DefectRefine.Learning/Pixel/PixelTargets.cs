using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// Turns what is known about an image into per-pixel targets and weights for the pixel model:
/// <list type="bullet">
/// <item>Initial labels are a noisy prior at weight 1. With boxes, a box's inside is "defect" and far outside every box
/// "background"; the band of <see cref="PriorRegion"/> just outside a box has no target (a box drawn tight may cut a
/// defect). The loss is not class-balanced (see PixelLoss), so the background inside boxes, which looks like the
/// background everywhere else, is learnt as background: the model learns what a defect looks like, not the box.</item>
/// <item>With a proposal (a first guess of the defect inside the labels, such as GrabCut in the boxes: see
/// <c>LabelProposal</c>), the targets inside the prior region are the proposal's and those beyond it background, all at
/// weight 1: the proposal already decided the band that a box alone leaves open.</item>
/// <item>Expert labels are the truth at <see cref="ExpertWeight"/>, and training crops are drawn around them half the
/// time, so the few pixels an expert labelled weigh as much in training as all the initial labels.</item>
/// </list>
/// </summary>
public static class PixelTargets
{
    /// <summary>How much one expert-labelled pixel counts against one pixel of the initial labels.</summary>
    public const float ExpertWeight = 10f;

    public static PixelTrainingImage Build(StandardisedImage image, BinaryMask initial, LabelPrior prior, ExpertLayer? expert = null, BinaryMask? proposal = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(initial);
        if (initial.Width != image.Width || initial.Height != image.Height)
            throw new ArgumentException($"The labels are {initial.Width}x{initial.Height}, the image {image.Width}x{image.Height}.", nameof(initial));
        var area = initial.PixelCount;
        var target = new float[area];
        var weight = new float[area];
        var allowed = prior == LabelPrior.Boxes ? PriorRegion.Allowed(initial) : null;
        if (proposal is not null && (proposal.Width != image.Width || proposal.Height != image.Height))
            throw new ArgumentException($"The proposal is {proposal.Width}x{proposal.Height}, the image {image.Width}x{image.Height}.", nameof(proposal));
        for (var i = 0; i < area; i++)
        {
            var labelled = initial.Get(i);
            if (proposal is not null)
            {
                target[i] = proposal.Get(i) && (allowed is null || allowed.Get(i)) ? 1f : 0f;
                weight[i] = 1f;
                continue;
            }
            target[i] = labelled ? 1f : 0f;
            weight[i] = allowed is not null && !labelled && allowed.Get(i) ? 0f : 1f;
        }
        var focus = new List<int>();
        if (expert is not null)
        {
            for (var i = 0; i < area; i++)
            {
                if (!expert.Known.Get(i))
                    continue;
                target[i] = expert.Defect.Get(i) ? 1f : 0f;
                weight[i] = ExpertWeight;
                focus.Add(i);
            }
        }
        return new PixelTrainingImage(image, target, weight) { Focus = focus };
    }
}
