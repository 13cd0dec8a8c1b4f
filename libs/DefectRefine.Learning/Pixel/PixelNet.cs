using DefectRefine.Learning.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// A light U-Net for 2 CPU cores. Full resolution is never convolved (the stem is strided): defects are tens of pixels
/// across and the logits are interpolated back, so the costliest stage of a classic U-Net buys almost nothing here.
/// Stages at 1/2, 1/4 and 1/8; the 1/8 stage uses dilations 2 and 4 for context; the decoder brings back 1/4 and 1/2
/// detail through skip connections. Outputs the defect logit at full resolution and a unit-length embedding at 1/4.
/// Input [N, 1, H, W] standardised per image, H and W multiples of <see cref="PixelNetConfig.Stride"/>.
/// </summary>
internal sealed class PixelNet : Module<Tensor, (Tensor Logits, Tensor Embedding)>
{
    private readonly ConvNormRelu stem;
    private readonly ResidualBlock half;
    private readonly ConvNormRelu downQuarter;
    private readonly ResidualBlock quarter;
    private readonly ConvNormRelu downEighth;
    private readonly ResidualBlock eighthNear;
    private readonly ResidualBlock eighthFar;
    private readonly ConvNormRelu upQuarter;
    private readonly ConvNormRelu upHalf;
    private readonly Conv2d labelHead;
    private readonly Conv2d embeddingHead;

    public PixelNet(PixelNetConfig config) : base(nameof(PixelNet))
    {
        config.Validate();
        var c1 = config.Width;
        var c2 = c1 * 2;
        var c3 = c1 * 4;
        stem = new ConvNormRelu("stem", 1, c1, stride: 2);
        half = new ResidualBlock("half", c1);
        downQuarter = new ConvNormRelu("down_quarter", c1, c2, stride: 2);
        quarter = new ResidualBlock("quarter", c2);
        downEighth = new ConvNormRelu("down_eighth", c2, c3, stride: 2);
        eighthNear = new ResidualBlock("eighth_near", c3, dilation: 2);
        eighthFar = new ResidualBlock("eighth_far", c3, dilation: 4);
        upQuarter = new ConvNormRelu("up_quarter", c3 + c2, c2);
        upHalf = new ConvNormRelu("up_half", c2 + c1, c1);
        labelHead = Conv2d(c1, 1, 1);
        embeddingHead = Conv2d(c2, config.EmbeddingSize, 1);
        RegisterComponents();
    }

    public override (Tensor Logits, Tensor Embedding) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = half.forward(stem.forward(input));
        var q = quarter.forward(downQuarter.forward(h));
        var e = eighthFar.forward(eighthNear.forward(downEighth.forward(q)));
        var uq = upQuarter.forward(cat([Resize(e, q), q], 1));
        var uh = upHalf.forward(cat([Resize(uq, h), h], 1));
        var logits = functional.interpolate(labelHead.forward(uh), size: [input.shape[2], input.shape[3]],
            mode: InterpolationMode.Bilinear, align_corners: false);
        var embedding = functional.normalize(embeddingHead.forward(uq), p: 2, dim: 1);
        return (logits.MoveToOuterDisposeScope(), embedding.MoveToOuterDisposeScope());
    }

    private static Tensor Resize(Tensor x, Tensor like) =>
        functional.interpolate(x, size: [like.shape[2], like.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
}
