using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DefectRefine.Learning.Model;

/// <summary>
/// A ResNet bottleneck (1x1 reduce, 3x3, 1x1 expand) whose 3x3 convolution is unpadded. The shortcut is cropped by
/// one pixel a side to match, so the block is a pure function of its receptive field: run over a whole image it gives
/// exactly what it gives on each patch, which is what makes the dense map equal to patch-by-patch classification.
/// </summary>
internal sealed class Bottleneck : Module<Tensor, Tensor>
{
    private readonly Conv2d reduce;
    private readonly BatchNorm reduceNorm;
    private readonly Conv2d spatial;
    private readonly BatchNorm spatialNorm;
    private readonly Conv2d expand;
    private readonly BatchNorm expandNorm;

    public Bottleneck(string name, int channels) : base(name)
    {
        var inner = channels / 2;
        reduce = Conv2d(channels, inner, 1, bias: false);
        reduceNorm = new BatchNorm(inner);
        spatial = Conv2d(inner, inner, 3, bias: false);
        spatialNorm = new BatchNorm(inner);
        expand = Conv2d(inner, channels, 1, bias: false);
        expandNorm = new BatchNorm(channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(reduceNorm.forward(reduce.forward(input)));
        x = functional.relu(spatialNorm.forward(spatial.forward(x)));
        x = expandNorm.forward(expand.forward(x));
        var height = input.shape[2];
        var width = input.shape[3];
        var shortcut = input[.., .., 1..(int)(height - 1), 1..(int)(width - 1)];
        return functional.relu(x.add(shortcut, TorchScalars.One)).MoveToOuterDisposeScope();
    }
}
