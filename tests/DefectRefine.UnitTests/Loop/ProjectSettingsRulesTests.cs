using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;

namespace DefectRefine.UnitTests.Loop;

public sealed class ProjectSettingsRulesTests
{
    [Fact]
    public void The_papers_defaults_are_valid()
    {
        Assert.Empty(ProjectSettingsRules.Problems(new ProjectSettings()));
    }

    [Fact]
    public void Each_bad_value_is_named()
    {
        var problems = ProjectSettingsRules.Problems(new ProjectSettings
        {
            LeaseSeconds = 1, BatchSize = 512, TrainingPoolSize = 100, ModelWidth = 7, Granularity = (LoopGranularity)42,
        });
        Assert.Contains(problems, p => p.StartsWith("LeaseSeconds must be in 5..", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TrainingPoolSize must be in 512..", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ModelWidth must be even", StringComparison.Ordinal));
        Assert.Contains("Granularity has no value 42.", problems);
    }

    [Fact]
    public void Answers_propagate_by_default_and_a_reach_that_does_not_exist_is_named()
    {
        Assert.Equal(LoopReach.Superpixel, new ProjectSettings().Reach);
        // Whole-patch and shift answers name their pixels themselves: the reach applies to centre-pixel answers only.
        Assert.Empty(ProjectSettingsRules.Problems(new ProjectSettings { Granularity = LoopGranularity.WholePatch }));
        Assert.Contains("Reach has no value 9.", ProjectSettingsRules.Problems(new ProjectSettings { Reach = (LoopReach)9 }));
    }
}
