using DefectRefine.LabelStore.Loop;

namespace DefectRefine.UnitTests.LabelStore;

public sealed class ModelMapsTests
{
    [Fact]
    public void Maps_are_quantised_to_a_byte_per_pixel_and_clamped()
    {
        var maps = ModelMaps.Quantise("v", Guid.NewGuid(), 2, 2, [0f, 0.5f, 1f, float.NaN], [1.2f, -0.1f, 0.25f, 0f]);
        Assert.Equal([0, 128, 255, 0], maps.Of(ModelMapKind.Probability));
        Assert.Equal([255, 0, 64, 0], maps.Of(ModelMapKind.Uncertainty));
    }

    [Fact]
    public void Maps_of_the_wrong_size_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ModelMaps.Quantise("v", Guid.NewGuid(), 2, 2, [0f], [0f, 0f, 0f, 0f]));
    }
}
