using DefectRefine.Contracts.V1.Stations;
using DefectRefine.Masks;

namespace DefectRefine.Stations;

/// <summary>
/// Answers a query as an expert who knows the true mask: the anchor gets its true label, and a candidate is marked
/// "same as anchor" exactly when its true label equals the anchor's. <paramref name="errorRate"/> flips that choice for
/// a share of candidates, to simulate a tired expert. Never clicks: a patch whose centre is a true defect needs no shift.
/// </summary>
public sealed class SimulatedExpert(IReadOnlyDictionary<Guid, BinaryMask> truth, double errorRate = 0, int seed = 1)
{
    private readonly Random _random = new(seed);

    public StationAnswer Answer(StationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var anchor = IsDefect(query.Anchor);
        var same = new List<int>();
        foreach (var candidate in query.Candidates)
        {
            var marked = IsDefect(candidate) == anchor;
            lock (_random)
            {
                if (errorRate > 0 && _random.NextDouble() < errorRate)
                    marked = !marked;
            }
            if (marked)
                same.Add(candidate.Index);
        }
        return new StationAnswer(query.QueryId, query.LeaseId, anchor, same, []);
    }

    private bool IsDefect(StationPatch patch) =>
        truth.TryGetValue(patch.ImageId, out var mask)
            ? mask[patch.X, patch.Y]
            : throw new InvalidOperationException($"No true mask for image {patch.ImageId}: the simulated expert cannot answer about it.");
}
