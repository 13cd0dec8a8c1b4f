using DefectRefine.Learning.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// Weighted binary cross-entropy per pixel, normalised by the total weight, plus an optional soft Dice term over the
/// weighted pixels. Cross-entropy without class balancing on purpose: with box labels, background pixels inside a box
/// look like the far more numerous background outside it, so an unbalanced loss learns the defect's appearance rather
/// than the box.
/// </summary>
internal static class PixelLoss
{
    private static readonly Scalar Epsilon = 1e-6f.ToScalar();

    public static Tensor Compute(Tensor logits, Tensor target, Tensor weight, Scalar diceWeight)
    {
        using var scope = NewDisposeScope();
        var perPixel = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None);
        var totalWeight = weight.sum().add(Epsilon, TorchScalars.One);
        var loss = perPixel.mul(weight).sum().div(totalWeight);
        if (diceWeight.ToDouble() > 0)
        {
            var p = logits.sigmoid().mul(weight);
            var t = target.mul(weight);
            var dice = p.mul(t).sum().mul(TorchScalars.Two).add(Epsilon, TorchScalars.One)
                .div(p.sum().add(t.sum()).add(Epsilon, TorchScalars.One));
            loss = loss.add(TorchScalars.One.ToTensorLike(dice).sub(dice), diceWeight);
        }
        return loss.MoveToOuterDisposeScope();
    }

    private static Tensor ToTensorLike(this Scalar value, Tensor like) => full_like(like, value);
}
