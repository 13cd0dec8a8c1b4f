using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>
/// Floor and ceiling depend only on the data, the initial labels, the seed and the step budget, not on the strategy,
/// so a grid trains them once per (initial labels, seed) instead of once per cell. Only for one train/test split.
/// </summary>
public sealed class ReferenceCache
{
    private readonly Dictionary<(InitialLabels Init, int Seed, int Steps, object Model), References> _entries = [];

    internal References GetOrAdd(EvaluationOptions options, int steps, Func<References> compute)
    {
        var key = (options.Init, options.Seed, steps, (object)options.Model);
        if (!_entries.TryGetValue(key, out var references))
            _entries[key] = references = compute();
        return references;
    }

    internal sealed record References(StageResult Floor, IReadOnlyList<BinaryMask> FloorMaps, StageResult Ceiling, IReadOnlyList<BinaryMask> CeilingMaps);
}
