namespace DefectRefine.Masks;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny generator whose output is fixed by its definition, unlike
/// <see cref="Random"/>, whose sequence may change between .NET versions. A recorded seed therefore reproduces the
/// same initial mask or simulation on any platform and runtime.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits (exactly representable doubles).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] inclusive, without modulo bias.</summary>
    public int NextInt(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
        var range = (ulong)((long)max - min + 1);
        // Rejection sampling: drop the incomplete top slice so every value is equally likely.
        var limit = ulong.MaxValue - (ulong.MaxValue % range);
        ulong value;
        do
            value = NextUInt64();
        while (value >= limit);
        return (int)(min + (long)(value % range));
    }
}
