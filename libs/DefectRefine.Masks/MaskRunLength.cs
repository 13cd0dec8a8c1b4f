namespace DefectRefine.Masks;

/// <summary>
/// Row-major run lengths that alternate background, defect, background, ... starting with background (a first
/// count of 0 when the first pixel is a defect). Compact for real masks: what events carry for a whole mask.
/// </summary>
public static class MaskRunLength
{
    public static int[] Encode(BinaryMask mask)
    {
        var counts = new List<int>();
        var current = false;
        var length = 0;
        for (var i = 0; i < mask.PixelCount; i++)
        {
            var value = mask.Get(i);
            if (value == current)
            {
                length++;
                continue;
            }
            counts.Add(length);
            current = value;
            length = 1;
        }
        counts.Add(length);
        return [.. counts];
    }

    /// <summary>How many pixels the run lengths set (the odd-numbered runs), without decoding a mask.</summary>
    public static long CountSet(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = 0L;
        for (var i = 1; i < counts.Count; i += 2)
            total += counts[i];
        return total;
    }

    public static BinaryMask Decode(int width, int height, IReadOnlyList<int> counts)
    {
        var mask = new BinaryMask(width, height);
        var index = 0L;
        var defect = false;
        foreach (var count in counts)
        {
            if (count < 0)
                throw new FormatException($"Run-length counts must not be negative (found {count}).");
            if (index + count > mask.PixelCount)
                throw new FormatException($"The run lengths cover more than the {width}x{height} = {mask.PixelCount} pixels of the mask.");
            if (defect)
                for (var i = (int)index; i < index + count; i++)
                    mask.Set(i, true);
            index += count;
            defect = !defect;
        }
        if (index != mask.PixelCount)
            throw new FormatException($"The run lengths cover {index} of the {mask.PixelCount} pixels of a {width}x{height} mask.");
        return mask;
    }
}
