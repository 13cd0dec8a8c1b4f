using DefectRefine.Learning.Model;
using TorchSharp.Modules;
using BatchNorm = DefectRefine.Learning.Model.BatchNorm;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DefectRefine.Learning.Pixel;

/// <summary>A padded 3x3 convolution (stride 1 or 2), batch normalisation and ReLU.</summary>
internal sealed class ConvNormRelu : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm norm;

    public ConvNormRelu(string name, int input, int output, int stride = 1) : base(name)
    {
        conv = Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        norm = new BatchNorm(output);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => functional.relu(norm.forward(conv.forward(input)));
}
