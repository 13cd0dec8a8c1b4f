using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DefectRefine.Learning.Model;

/// <summary>
/// The patch model: a modified ResNet of 17 weighted layers (stem, 4 bottlenecks of 3, a 2x2 down-sampling
/// convolution, a neck and two heads) with label logits and an L2-normalised embedding.
/// Every convolution is unpadded, so a patch of <see cref="PatchModelConfig.PatchSize"/> yields one output and a whole
/// (padded) image yields the same outputs on a stride-4 grid in one pass. Narrow and strided early because a 2-core
/// CPU pays for every full-resolution channel: the naive 32-64-128 full-resolution ResNet costs 1.7 s a step.
/// </summary>
internal sealed class PatchNet : Module<Tensor, (Tensor Logits, Tensor Embedding)>
{
    // Fixed input scaling (pixels arrive in [0, 1]); a constant, not a learnt layer, so old checkpoints stay valid.
    private static readonly Scalar PixelMean = 0.5f.ToScalar();
    private static readonly Scalar PixelScale = 4f.ToScalar();

    private readonly Sequential trunk;
    private readonly Sequential neck;
    private readonly Conv2d labelHead;
    private readonly Conv2d embeddingHead;

    public PatchNet(PatchModelConfig config) : base("PatchNet")
    {
        config.Validate();
        var narrow = config.Width;
        var wide = config.Width * 2;
        trunk = Sequential(
            ("stem", Conv2d(1, narrow, 4, stride: 2, bias: false)),
            ("stem_norm", new BatchNorm(narrow)),
            ("stem_relu", ReLU()),
            ("block1", new Bottleneck("block1", narrow)),
            ("block2", new Bottleneck("block2", narrow)),
            ("down", Conv2d(narrow, wide, 2, stride: 2, bias: false)),
            ("down_norm", new BatchNorm(wide)),
            ("down_relu", ReLU()),
            ("block3", new Bottleneck("block3", wide)),
            ("block4", new Bottleneck("block4", wide)));
        neck = Sequential(
            ("conv", Conv2d(wide, wide, config.FeatureSide, bias: false)),
            ("norm", new BatchNorm(wide)),
            ("relu", ReLU()));
        labelHead = Conv2d(wide, 2, 1);
        embeddingHead = Conv2d(wide, config.EmbeddingSize, 1);
        RegisterComponents();
    }

    /// <summary>
    /// Input [N, 1, H, W] with pixels in [0, 1]; output logits [N, 2, h, w] and unit-length embeddings [N, d, h, w],
    /// where h = w = 1 for a single patch.
    /// </summary>
    public override (Tensor Logits, Tensor Embedding) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = neck.forward(trunk.forward(input.sub(PixelMean).mul(PixelScale)));
        var logits = labelHead.forward(features);
        var embedding = functional.normalize(embeddingHead.forward(features), p: 2, dim: 1);
        return (logits.MoveToOuterDisposeScope(), embedding.MoveToOuterDisposeScope());
    }
}
