using DefectRefine.Learning;

namespace DefectRefine.UnitTests.Learning;

public sealed class OneDnnIsaCapTests
{
    [Fact]
    public void The_cap_is_in_effect_before_any_tensor_and_names_what_oneDNN_reads()
    {
        var description = ComputeDevice.Describe(TorchSharp.torch.CPU);
        var expected = Environment.GetEnvironmentVariable(OneDnnIsaCap.Variable) is { Length: > 0 } own ? own : OneDnnIsaCap.DefaultCap;
        Assert.Equal(expected, OneDnnIsaCap.Effective);
        Assert.Contains($"oneDNN ISA cap {expected}", description);
    }
}
