using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Model;

/// <summary>
/// Batch normalisation over channels through libtorch's batch_norm, with the running statistics as buffers.
/// TorchSharp's own BatchNorm2d counts batches with <c>num_batches_tracked.add_(1)</c>, an operation with temporary
/// Scalars (see <see cref="TorchScalars"/>); with a fixed momentum the count is never needed, so it is not kept.
/// </summary>
internal sealed class BatchNorm : nn.Module<Tensor, Tensor>
{
    private const double Momentum = 0.1;
    private const double Epsilon = 1e-5;

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    public BatchNorm(long channels) : base(nameof(BatchNorm))
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias.Dispose();
            running_mean.Dispose();
            running_var.Dispose();
        }
        base.Dispose(disposing);
    }
}
