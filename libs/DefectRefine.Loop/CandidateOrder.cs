using System.Security.Cryptography;

namespace DefectRefine.Loop;

/// <summary>
/// The order a query's candidates are shown in: shuffled so the expert cannot tell hardest positives from hardest
/// negatives, and derived from the query id alone, so every replica shows (and reads answers in) the same order,
/// also after a lease moved to another station, without storing it.
/// </summary>
public static class CandidateOrder
{
    /// <summary>displayed[i] is the index, in the mined query, of the candidate shown at position i.</summary>
    public static int[] Displayed(Guid queryId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seed = BitConverter.ToInt32(SHA256.HashData(queryId.ToByteArray()), 0);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }
}
