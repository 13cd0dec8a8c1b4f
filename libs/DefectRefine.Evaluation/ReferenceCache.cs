using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>
/// Floor and ceiling do not depend on how queries are chosen, answered or fed back, so a grid trains them once per
/// (initial labels, seed) instead of once per cell. Every other setting stays in the key. Only for one train/test split.
/// </summary>
public sealed class ReferenceCache
{
    private readonly Dictionary<EvaluationOptions, References> _entries = [];

    internal References GetOrAdd(EvaluationOptions options, Func<References> compute)
    {
        var key = options with
        {
            Strategy = default,
            Anchor = default,
            Feedback = default,
            Refine = default,
            ExpertNoise = 0,
        };
        if (!_entries.TryGetValue(key, out var references))
            _entries[key] = references = compute();
        return references;
    }

    internal sealed record References(StageResult Floor, IReadOnlyList<BinaryMask> FloorMaps, StageResult Ceiling, IReadOnlyList<BinaryMask> CeilingMaps);
}
