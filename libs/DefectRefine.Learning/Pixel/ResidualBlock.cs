using DefectRefine.Learning.Model;
using TorchSharp;
using TorchSharp.Modules;
using BatchNorm = DefectRefine.Learning.Model.BatchNorm;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DefectRefine.Learning.Pixel;

/// <summary>Two padded (optionally dilated) 3x3 convolutions with a shortcut: the block keeps the feature map's size.</summary>
internal sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d first;
    private readonly BatchNorm firstNorm;
    private readonly Conv2d second;
    private readonly BatchNorm secondNorm;

    public ResidualBlock(string name, int channels, int dilation = 1) : base(name)
    {
        first = Conv2d(channels, channels, 3, padding: dilation, dilation: dilation, bias: false);
        firstNorm = new BatchNorm(channels);
        second = Conv2d(channels, channels, 3, padding: dilation, dilation: dilation, bias: false);
        secondNorm = new BatchNorm(channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(firstNorm.forward(first.forward(input)));
        x = secondNorm.forward(second.forward(x));
        return functional.relu(x.add(input, TorchScalars.One)).MoveToOuterDisposeScope();
    }
}
