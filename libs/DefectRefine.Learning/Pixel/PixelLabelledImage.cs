using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// One image as the pixel learner of the loop sees it: its pixels, its initial labels with the prior they imply, the
/// expert's answers so far, and the first guess of the defect inside the labels (<see cref="LabelProposal"/>, made once:
/// it depends only on the image and its initial labels).
/// </summary>
public sealed record PixelLabelledImage(StandardisedImage Image, BinaryMask Initial, LabelPrior Prior, ExpertLayer? Expert, BinaryMask? Proposal);
