using DefectRefine.Learning.Sampling;

namespace DefectRefine.UnitTests.Learning.Sampling;

public sealed class SamplingOptionsTests
{
    [Fact]
    public void Defaults_balance_half_and_half_from_the_masks()
    {
        var options = new SamplingOptions { Count = 384 };

        Assert.Equal(0.5, options.DefectFraction);
        Assert.Equal(SampleSource.Mask, options.Source);
        Assert.Equal(0.5, options.VerifiedFraction);
    }

    [Fact]
    public void Null_defect_fraction_and_the_bounds_of_both_fractions_are_accepted()
    {
        var options = new SamplingOptions { Count = 1, DefectFraction = null, VerifiedFraction = 1 } with { DefectFraction = null };

        Assert.Null(options.DefectFraction);
        Assert.Equal(0, (options with { DefectFraction = 0, VerifiedFraction = 0 }).VerifiedFraction);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Count_must_be_positive(int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Count = count });

        Assert.Equal(nameof(SamplingOptions.Count), error.ParamName);
        Assert.Contains("positive", error.Message);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Fractions_outside_zero_to_one_are_refused(double fraction)
    {
        var defect = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Count = 1, DefectFraction = fraction });
        var verified = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Count = 1, VerifiedFraction = fraction });

        Assert.Contains("[0, 1]", defect.Message);
        Assert.Contains("[0, 1]", verified.Message);
    }

    [Fact]
    public void An_undefined_source_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Count = 1, Source = (SampleSource)7 });

        Assert.Contains("Unknown sample source 7", error.Message);
    }
}
