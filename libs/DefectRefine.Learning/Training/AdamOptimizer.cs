using DefectRefine.Learning.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Training;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's defaults β = (0.9, 0.999), ε = 1e-8, no weight decay) written with explicit,
/// kept-alive Scalars. TorchSharp's Adam passes temporary Scalars to libtorch, which a concurrent garbage collection can
/// free mid-call (see <see cref="TorchScalars"/>); a training phase in a busy service must not crash on that.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly nn.Module module;
    private readonly List<(Parameter Parameter, Tensor Mean, Tensor Variance)> state = [];
    private readonly Scalar beta1 = Beta1.ToScalar();
    private readonly Scalar oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar beta2 = Beta2.ToScalar();
    private readonly Scalar oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar epsilon = Epsilon.ToScalar();
    private long steps;

    public AdamOptimizer(nn.Module module)
    {
        this.module = module;
        using var noGrad = no_grad();
        foreach (var parameter in module.parameters())
            state.Add((parameter, zeros_like(parameter).DetachFromDisposeScope(), zeros_like(parameter).DetachFromDisposeScope()));
    }

    public void ZeroGrad() => module.zero_grad();

    public void Step(double learningRate)
    {
        steps++;
        var correction1 = 1 - Math.Pow(Beta1, steps);
        var correction2 = 1 - Math.Pow(Beta2, steps);
        using var stepSize = (-learningRate / correction1).ToScalar();
        using var root2 = Math.Sqrt(correction2).ToScalar();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (parameter, mean, variance) in state)
        {
            var gradient = parameter.grad;
            if (gradient is null)
                continue;
            mean.mul_(beta1).add_(gradient, oneMinusBeta1);
            variance.mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
            var denominator = variance.sqrt().div_(root2).add_(epsilon, TorchScalars.One);
            parameter.addcdiv_(mean, denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var (_, mean, variance) in state)
        {
            mean.Dispose();
            variance.Dispose();
        }
        foreach (var scalar in new[] { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon })
            scalar.Dispose();
    }
}
