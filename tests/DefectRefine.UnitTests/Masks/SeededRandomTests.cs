using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

public sealed class SeededRandomTests
{
    [Fact]
    public void Produces_the_published_splitmix64_sequence()
    {
        // The reference outputs of SplitMix64 for seed 0.
        var random = new SeededRandom(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void Doubles_and_integers_stay_in_their_ranges()
    {
        var random = new SeededRandom(123);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextDouble(), 0.0, 0.9999999999999999);
            Assert.InRange(random.NextInt(-3, 4), -3, 4);
        }
        Assert.Equal(5, random.NextInt(5, 5));
    }

    [Fact]
    public void Integers_cover_their_range_evenly()
    {
        var random = new SeededRandom(9);
        var counts = new int[6];
        for (var i = 0; i < 60_000; i++)
            counts[random.NextInt(0, 5)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }
}
