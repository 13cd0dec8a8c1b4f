namespace DefectRefine.Masks;

/// <summary>The initial masks of the paper that need no true mask: an expert's filled boxes, or uniform noise.</summary>
public static class InitialMasks
{
    /// <summary>The boxes filled as defect (clipped to the image), everything else background.</summary>
    public static BinaryMask Roi(int width, int height, IEnumerable<PixelBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var mask = new BinaryMask(width, height);
        foreach (var box in boxes)
            mask.Fill(box);
        return mask;
    }

    /// <summary>
    /// Each pixel independently a defect with probability <paramref name="defectFraction"/>, drawn from
    /// <see cref="SeededRandom"/> in row-major order, so the seed alone reproduces the mask anywhere.
    /// </summary>
    public static BinaryMask Noise(int width, int height, ulong seed, double defectFraction = 0.5)
    {
        if (!(defectFraction is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(defectFraction), defectFraction, "The defect fraction must lie in [0, 1].");
        var mask = new BinaryMask(width, height);
        var random = new SeededRandom(seed);
        for (var i = 0; i < mask.PixelCount; i++)
            if (random.NextDouble() < defectFraction)
                mask.Set(i, true);
        return mask;
    }
}
