using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// A pool of patch centres to choose queries from, embedded and classified from the pixel maps of the current round.
/// Each centre carries its refined label, the one the expert is shown and corrects. Pixels the expert already labelled
/// are never drawn again.
/// </summary>
public static class PixelPool
{
    /// <summary>The share of a <see cref="Focus.Doubt"/> pool drawn anywhere, so a defect nobody boxed can still be found.</summary>
    public const double AnywhereShare = 0.1;

    public enum Focus
    {
        /// <summary>Uniform over every pixel of every image (the paper's pool).</summary>
        Uniform,

        /// <summary>
        /// Where a label is in doubt: inside and around the initial labels (where the model, not the labels, decides),
        /// and wherever the model is unsure (entropy above 0.5 bit); <see cref="AnywhereShare"/> uniform.
        /// </summary>
        Doubt,
    }

    public sealed record Source(Guid ImageId, PixelMap Map, BinaryMask Initial, BinaryMask Refined, LabelPrior Prior, ExpertLayer? Expert = null);

    public static EmbeddedPool Build(IReadOnlyList<Source> sources, int count, Focus focus, Random random, int patchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(random);
        if (sources.Count == 0)
            throw new ArgumentException("A pool needs at least one image.", nameof(sources));
        var doubtful = focus == Focus.Doubt ? sources.Select(DoubtfulPixels).ToList() : null;
        var doubtTotal = doubtful?.Sum(d => (long)d.Length) ?? 0;
        var areaTotal = sources.Sum(s => (long)s.Map.Width * s.Map.Height);
        var chosen = new HashSet<(int Source, int Index)>();
        var attempts = 0;
        while (chosen.Count < count && attempts++ < count * 20)
        {
            (int, int) pick;
            if (doubtful is not null && doubtTotal > 0 && random.NextDouble() >= AnywhereShare)
                pick = Pick(doubtful, random.NextInt64(doubtTotal));
            else
                pick = PickAnywhere(sources, random.NextInt64(areaTotal));
            var source = sources[pick.Item1];
            if (source.Expert?.Known.Get(pick.Item2) == true)
                continue;
            chosen.Add(pick);
        }
        var ordered = chosen.ToList();
        var dimension = sources[0].Map.EmbeddingSize;
        var probabilities = new float[ordered.Count];
        var embeddings = new float[ordered.Count * dimension];
        var patches = new List<LabelledCentre>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (s, index) = ordered[i];
            var source = sources[s];
            var (x, y) = (index % source.Map.Width, index / source.Map.Width);
            patches.Add(new LabelledCentre(source.ImageId, x, y, source.Refined.Get(index)));
            probabilities[i] = source.Map.ProbabilityAt(x, y);
            source.Map.EmbeddingAt(x, y).CopyTo(embeddings.AsSpan(i * dimension, dimension));
        }
        return new EmbeddedPool(patches, new PatchPredictions(probabilities, embeddings, dimension), "pixel", patchSize);
    }

    private static int[] DoubtfulPixels(Source source)
    {
        var allowed = source.Prior == LabelPrior.None ? null : PriorRegion.Allowed(source.Initial);
        var pixels = new List<int>();
        for (var i = 0; i < source.Initial.PixelCount; i++)
        {
            if ((allowed is null || allowed.Get(i)) || PatchPredictions.Entropy(source.Map.Probability[i]) > 0.5f)
                pixels.Add(i);
        }
        return [.. pixels];
    }

    private static (int, int) Pick(IReadOnlyList<int[]> pixels, long k)
    {
        for (var s = 0; s < pixels.Count; s++)
        {
            if (k < pixels[s].Length)
                return (s, pixels[s][k]);
            k -= pixels[s].Length;
        }
        throw new InvalidOperationException("Drew past the last doubtful pixel.");
    }

    private static (int, int) PickAnywhere(IReadOnlyList<Source> sources, long k)
    {
        for (var s = 0; s < sources.Count; s++)
        {
            var area = (long)sources[s].Map.Width * sources[s].Map.Height;
            if (k < area)
                return (s, (int)k);
            k -= area;
        }
        throw new InvalidOperationException("Drew past the last pixel.");
    }
}
