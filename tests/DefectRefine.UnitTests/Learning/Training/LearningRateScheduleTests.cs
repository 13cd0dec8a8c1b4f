using DefectRefine.Learning.Training;

namespace DefectRefine.UnitTests.Learning.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Constant_is_the_learning_rate_at_every_step()
    {
        var options = new TrainingOptions { LearningRate = 0.01, MaxSteps = 50 };
        Assert.All(Enumerable.Range(0, 50), step => Assert.Equal(0.01, options.LearningRateAt(step)));
    }

    [Fact]
    public void Warmup_cosine_rises_linearly_peaks_then_decays_to_zero_at_the_last_step()
    {
        var options = new TrainingOptions { LearningRate = 1e-3, MaxSteps = 100, WarmupFraction = 0.1, Schedule = LearningRateSchedule.WarmupCosine };
        var rates = Enumerable.Range(0, 100).Select(options.LearningRateAt).ToArray();

        Assert.Equal(1e-4, rates[0], 12);
        Assert.Equal(1e-3, rates[9], 12);
        Assert.True(rates[..10].Zip(rates[1..10]).All(p => p.First < p.Second), "the warm-up rises");
        Assert.True(rates[10..].Zip(rates[11..]).All(p => p.First > p.Second), "the decay falls");
        Assert.Equal(0.5e-3, rates[54], 5); // half-way through the decay, cos(π/2) = 0
        Assert.Equal(0, rates[99], 12);
    }

    [Fact]
    public void A_warmup_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TrainingOptions { WarmupFraction = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingOptions { WarmupFraction = -0.1 }.Validate());
    }
}
