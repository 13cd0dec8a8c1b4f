using System.Collections.Concurrent;
using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>
/// Floor and ceiling do not depend on how queries are chosen, answered or fed back, so a grid trains them once per
/// (initial labels, seed) instead of once per cell. Every other setting stays in the key. Only for one train/test split.
/// GrabCut in the labels depends only on the image and its labels, so it is kept per image and labels.
/// </summary>
public sealed class ReferenceCache
{
    private readonly Dictionary<EvaluationOptions, References> _entries = [];

    // The image by reference (an experiment's images are loaded once), the labels by value.
    private readonly ConcurrentDictionary<(GrayscaleImage Image, BinaryMask Labels), GrabCutOutcome> _grabCuts = new();

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

    /// <summary>GrabCut in these labels of this image, run once; the labels are copied, so a mask refined later cannot change the key.</summary>
    internal GrabCutOutcome GrabCut(GrayscaleImage image, BinaryMask labels) =>
        _grabCuts.TryGetValue((image, labels), out var outcome)
            ? outcome
            : _grabCuts.GetOrAdd((image, labels.Clone()), key => GrabCutInLabels.Segment(key.Image, key.Labels));

    /// <summary>How many (image, labels) pairs GrabCut has run on.</summary>
    public int GrabCutRuns => _grabCuts.Count;

    internal sealed record References(StageResult Floor, IReadOnlyList<BinaryMask> FloorMaps, StageResult Ceiling, IReadOnlyList<BinaryMask> CeilingMaps);
}
