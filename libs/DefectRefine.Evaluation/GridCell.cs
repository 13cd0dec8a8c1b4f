using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Evaluation;

/// <summary>One configuration of the paper's grid: initial labels × feedback × anchor × granularity, or a baseline strategy.</summary>
public sealed record GridCell(InitialLabels Init, QueryStrategy Strategy, AnchorStrategy Anchor, SampleSource Feedback, RefinementGranularity Refine)
{
    /// <summary>The row name in the paper's words (Tables 1–3), with the baselines named for their strategy.</summary>
    public string Row
    {
        get
        {
            var feedback = Feedback switch
            {
                SampleSource.Mask => "Mask Update",
                SampleSource.Verified => "User Refined",
                _ => "Mask Update & User Refined",
            };
            return Strategy switch
            {
                QueryStrategy.Random => $"{feedback}, random queries (baseline)",
                QueryStrategy.Entropy => $"{feedback}, entropy top-k (baseline)",
                _ when Anchor == AnchorStrategy.MaxEntropy => $"{feedback} with Entropy Selection",
                _ => feedback,
            };
        }
    }

    /// <summary>A folder name for this cell's runs.</summary>
    public string Slug => $"{Init}-{Strategy}-{Anchor}-{Feedback}-{Refine}".ToLowerInvariant();

    public EvaluationOptions Apply(EvaluationOptions template, int seed) => template with
    {
        Init = Init,
        Strategy = Strategy,
        Anchor = Anchor,
        Feedback = Feedback,
        Refine = Refine,
        Seed = seed,
    };

    /// <summary>
    /// The cells of a grid in the paper's row order. Triplet cells vary the anchor; each baseline strategy is added once
    /// per initial labels × feedback × granularity (its anchor plays no part).
    /// </summary>
    public static IReadOnlyList<GridCell> Expand(
        IReadOnlyList<InitialLabels> inits,
        IReadOnlyList<SampleSource> feedbacks,
        IReadOnlyList<AnchorStrategy> anchors,
        IReadOnlyList<RefinementGranularity> refines,
        IReadOnlyList<QueryStrategy> baselines)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (inits.Count == 0 || feedbacks.Count == 0 || refines.Count == 0 || anchors.Count + baselines.Count == 0)
            throw new ArgumentException("A grid needs at least one initial labelling, feedback, granularity and strategy.");
        if (baselines.Contains(QueryStrategy.Triplet))
            throw new ArgumentException("The baselines are random and entropy; triplet cells come from the anchors.");
        var cells = new List<GridCell>();
        foreach (var refine in refines.Distinct())
        {
            foreach (var init in inits.Distinct())
            {
                foreach (var feedback in feedbacks.Distinct())
                {
                    cells.AddRange(anchors.Distinct().Select(anchor => new GridCell(init, QueryStrategy.Triplet, anchor, feedback, refine)));
                    cells.AddRange(baselines.Distinct().Select(strategy => new GridCell(init, strategy, AnchorStrategy.Random, feedback, refine)));
                }
            }
        }
        return cells;
    }
}
