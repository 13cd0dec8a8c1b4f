using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Loop;

/// <summary>The loop contracts' settings in the learning core's terms (the contracts cannot reference the core).</summary>
public static class LoopSettingsMapping
{
    public static SampleSource ToSampleSource(this LoopFeedback feedback) => feedback switch
    {
        LoopFeedback.Mask => SampleSource.Mask,
        LoopFeedback.User => SampleSource.Verified,
        LoopFeedback.Both => SampleSource.Both,
        _ => throw new ArgumentOutOfRangeException(nameof(feedback), feedback, "Unknown feedback mode."),
    };

    public static RefinementGranularity ToGranularity(this LoopGranularity granularity) => granularity switch
    {
        LoopGranularity.CentrePixel => RefinementGranularity.CentrePixel,
        LoopGranularity.Shift => RefinementGranularity.Shift,
        LoopGranularity.WholePatch => RefinementGranularity.WholePatch,
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "Unknown granularity."),
    };

    public static AnchorStrategy ToAnchorStrategy(this LoopAnchor anchor) => anchor switch
    {
        LoopAnchor.Random => AnchorStrategy.Random,
        LoopAnchor.MaxEntropy => AnchorStrategy.MaxEntropy,
        _ => throw new ArgumentOutOfRangeException(nameof(anchor), anchor, "Unknown anchor strategy."),
    };

    public static QueryStrategy ToQueryStrategy(this LoopQueryStrategy strategy) => strategy switch
    {
        LoopQueryStrategy.Triplet => QueryStrategy.Triplet,
        LoopQueryStrategy.Random => QueryStrategy.Random,
        LoopQueryStrategy.Entropy => QueryStrategy.Entropy,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown query strategy."),
    };

    public static LoopQueryStrategy ToContract(this QueryStrategy strategy) => strategy switch
    {
        QueryStrategy.Triplet => LoopQueryStrategy.Triplet,
        QueryStrategy.Random => LoopQueryStrategy.Random,
        _ => LoopQueryStrategy.Entropy,
    };
}
