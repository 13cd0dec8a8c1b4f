namespace DefectRefine.Masks.Refined;

/// <summary>
/// The pixels of one image that an expert has labelled, directly or by propagation of an answer, and what they said.
/// Among direct answers the later wins where two overlap, as replaying the label history does; a direct answer always
/// beats a propagated one, whichever came first, because a person named that pixel and propagation only inferred it.
/// </summary>
public sealed class ExpertLayer
{
    public ExpertLayer(int width, int height)
    {
        Known = new BinaryMask(width, height);
        Defect = new BinaryMask(width, height);
        Direct = new BinaryMask(width, height);
    }

    public int Width => Known.Width;
    public int Height => Known.Height;

    /// <summary>Pixels with an expert label.</summary>
    public BinaryMask Known { get; }

    /// <summary>Of the known pixels, those labelled defect (unknown pixels are always false here).</summary>
    public BinaryMask Defect { get; }

    /// <summary>Of the known pixels, those a person named (the rest were reached by propagating an answer).</summary>
    public BinaryMask Direct { get; }

    public int Count => Known.CountDefects();

    public void Set(int x, int y, bool defect)
    {
        if (!Known.Contains(x, y))
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {Width}x{Height} image.");
        var index = Known.IndexOf(x, y);
        Known.Set(index, true);
        Defect.Set(index, defect);
        Direct.Set(index, true);
    }

    /// <summary>Labels every pixel of <paramref name="box"/> that lies inside the image.</summary>
    public void Set(PixelBox box, bool defect)
    {
        for (var y = Math.Max(0, box.Y); y < Math.Min(Height, box.Bottom); y++)
            for (var x = Math.Max(0, box.X); x < Math.Min(Width, box.Right); x++)
                Set(x, y, defect);
    }

    /// <summary>
    /// Labels the pixels of <paramref name="region"/> (a mask of this image's size) that no person named; returns how
    /// many it labelled.
    /// </summary>
    public int Propagate(BinaryMask region, bool defect)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Width != Width || region.Height != Height)
            throw new ArgumentException($"A {region.Width}x{region.Height} region does not fit a {Width}x{Height} image.", nameof(region));
        var count = 0;
        for (var i = 0; i < region.PixelCount; i++)
        {
            if (!region.Get(i) || Direct.Get(i))
                continue;
            Known.Set(i, true);
            Defect.Set(i, defect);
            count++;
        }
        return count;
    }
}
