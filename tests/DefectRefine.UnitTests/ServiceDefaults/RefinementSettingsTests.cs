using DefectRefine.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace DefectRefine.UnitTests.ServiceDefaults;

public sealed class RefinementSettingsTests
{
    private static RefinementSettings From(string? learner) => RefinementSettings.From(new ConfigurationBuilder()
        .AddInMemoryCollection(learner is null ? [] : [new KeyValuePair<string, string?>("Refinement:Learner", learner)]).Build());

    [Theory]
    [InlineData(null, RefinementLearner.Pixel)]
    [InlineData("", RefinementLearner.Pixel)]
    [InlineData("pixel", RefinementLearner.Pixel)]
    [InlineData("Paper", RefinementLearner.Paper)]
    [InlineData(" paper ", RefinementLearner.Paper)]
    public void The_learner_defaults_to_the_pixel_model_and_is_read_in_any_case(string? value, RefinementLearner expected) =>
        Assert.Equal(expected, From(value).Learner);

    [Theory]
    [InlineData("patch")]
    [InlineData("7")]
    public void An_unknown_learner_is_refused_saying_which_are_known(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(value));
        Assert.Contains("'pixel' or 'paper'", error.Message, StringComparison.Ordinal);
    }
}
