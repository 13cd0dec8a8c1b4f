using DefectRefine.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.UnitTests.Learning;

/// <summary>
/// oneDNN reads the uninitialised channel padding of narrow convolutions; if that memory last held an infinity, the
/// gradient turns NaN (see <see cref="TorchZeroFill"/>). These tests recycle infinity-filled memory on purpose.
/// </summary>
public sealed class TorchZeroFillTests
{
    private static readonly Scalar Infinity = float.PositiveInfinity.ToScalar();

    [Fact]
    public void The_flag_is_found_and_set_in_the_loaded_libtorch()
    {
        ComputeDevice.Select(allowCuda: false);
        Assert.True(TorchZeroFill.Enabled);
    }

    [Fact]
    public void Memory_that_held_infinities_comes_back_as_zeros()
    {
        TorchZeroFill.Ensure();
        for (var size = 1_000; size <= 300_000; size *= 3)
        {
            using (full([size], Infinity)) { }
            using var reused = empty([size]);
            Assert.Equal(0, reused.count_nonzero().item<long>());
        }
    }

    [Theory]
    [InlineData(4, 13)]
    [InlineData(2, 9)]
    [InlineData(12, 9)]
    public void A_convolution_narrower_than_onednns_block_keeps_finite_gradients_on_recycled_memory(int channels, int side)
    {
        TorchZeroFill.Ensure();
        var random = new Random(channels);
        for (var trial = 0; trial < 20; trial++)
        {
            using var scope = NewDisposeScope();
            Recycle(random);
            var input = randn(64, channels, side, side).requires_grad_(true);
            var weight = randn(channels, channels, 3, 3).requires_grad_(true);
            Recycle(random);
            var output = nn.functional.conv2d(input, weight);
            Recycle(random);
            output.sum().backward();
            Assert.True(output.isfinite().all().item<bool>(), $"trial {trial}: forward not finite");
            Assert.True(input.grad!.isfinite().all().item<bool>(), $"trial {trial}: input gradient not finite");
            Assert.True(weight.grad!.isfinite().all().item<bool>(), $"trial {trial}: weight gradient not finite");
        }
    }

    /// <summary>Leaves freed blocks of many sizes that held +inf, as triplet mining does, for the next allocations.</summary>
    private static void Recycle(Random random)
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < 30; i++)
            full([random.Next(1, 400_000)], Infinity);
    }
}
