using DefectRefine.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.UnitTests.Learning;

public sealed class TorchSharpTrainingTests
{
    [Fact]
    public void A_small_conv_net_learns_a_separable_patch_problem_on_this_machine()
    {
        var device = ComputeDevice.Select();
        torch.manual_seed(7);
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(1, 8, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("head", nn.Linear(8, 2)));
        model.to(device);
        using var optimizer = optim.Adam(model.parameters(), lr: 0.05);

        // Bright patches are class 1, dark ones class 0: any working forward/backward learns it.
        using var inputs = cat([rand(32, 1, 8, 8) * 0.3, rand(32, 1, 8, 8) * 0.3 + 0.7]).to(device);
        using var targets = cat([zeros(32, dtype: int64), ones(32, dtype: int64)]).to(device);

        float firstLoss = 0, lastLoss = 0;
        for (var step = 0; step < 60; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(inputs), targets);
            loss.backward();
            if (step == 0)
            {
                var gradNorm = model.parameters().Select(p => p.grad!.norm().item<float>()).Sum();
                Assert.True(gradNorm > 0, "backward produced no gradient");
                firstLoss = loss.item<float>();
            }
            optimizer.step();
            lastLoss = loss.item<float>();
        }

        using var noGrad = no_grad();
        using var predicted = model.forward(inputs).argmax(1);
        var accuracy = predicted.eq(targets).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(lastLoss < firstLoss / 2, $"loss did not fall: {firstLoss} -> {lastLoss}");
        Assert.Equal(1f, accuracy);
    }

    [Fact]
    public void Selects_cpu_when_no_cuda_is_reported()
    {
        var device = ComputeDevice.Select(allowCuda: false);
        Assert.Equal(DeviceType.CPU, device.type);
        Assert.StartsWith("cpu", ComputeDevice.Describe(device));
    }
}
