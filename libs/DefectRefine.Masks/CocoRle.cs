namespace DefectRefine.Masks;

/// <summary>
/// COCO's run-length encoding (pycocotools' maskApi): runs over the pixels in COLUMN-major order (down each column,
/// then the next column to the right), alternating background, defect, background, ... and starting with background
/// (a first count of 0 when the top-left pixel is a defect). The compressed form is pycocotools' string: each count,
/// from the fourth on as the difference from the count two before it, written as little-endian groups of 5 bits with
/// a continuation bit (0x20) and a sign bit (0x10) in the last group, each group offset by 48 to a printable
/// character. Malformed counts throw <see cref="MaskFormatException"/>.
/// </summary>
public static class CocoRle
{
    private const int FirstChar = 48;
    private const int LastChar = FirstChar + 63;
    // 13 groups of 5 bits cover 64 bits; more can only come from a corrupt string.
    private const int MaxGroups = 13;

    public static BinaryMask Decode(int width, int height, IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var mask = new BinaryMask(width, height);
        var position = 0L;
        var defect = false;
        for (var i = 0; i < counts.Count; i++)
        {
            var count = counts[i];
            if (count < 0)
                throw new MaskFormatException($"RLE count {i} is negative ({count}).");
            if (position + count > mask.PixelCount)
                throw new MaskFormatException($"The RLE counts cover more than the {width}x{height} = {mask.PixelCount} pixels of the mask.");
            if (defect)
                for (var p = (int)position; p < position + count; p++)
                    mask.Set(((p % height) * width) + (p / height), true);
            position += count;
            defect = !defect;
        }
        if (position != mask.PixelCount)
            throw new MaskFormatException($"The RLE counts sum to {position}, but a {width}x{height} mask has {mask.PixelCount} pixels.");
        return mask;
    }

    public static BinaryMask DecodeCompressed(int width, int height, string counts) => Decode(width, height, ParseCounts(counts));

    public static int[] Encode(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var counts = new List<int>();
        var (current, length) = (false, 0);
        for (var x = 0; x < mask.Width; x++)
            for (var y = 0; y < mask.Height; y++)
            {
                var value = mask.Get((y * mask.Width) + x);
                if (value == current)
                {
                    length++;
                    continue;
                }
                counts.Add(length);
                (current, length) = (value, 1);
            }
        counts.Add(length);
        return [.. counts];
    }

    public static string EncodeCompressed(BinaryMask mask) => FormatCounts(Encode(mask));

    /// <summary>The compressed string of <paramref name="counts"/>, exactly as pycocotools writes it.</summary>
    public static string FormatCounts(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var text = new System.Text.StringBuilder(counts.Count * 2);
        for (var i = 0; i < counts.Count; i++)
        {
            long value = counts[i];
            if (i > 2)
                value -= counts[i - 2];
            var more = true;
            while (more)
            {
                var group = (int)(value & 0x1f);
                value >>= 5;
                // The last group's 0x10 bit is the sign: stop once the remaining bits are pure sign extension.
                more = (group & 0x10) != 0 ? value != -1 : value != 0;
                if (more)
                    group |= 0x20;
                text.Append((char)(group + FirstChar));
            }
        }
        return text.ToString();
    }

    /// <summary>The counts of a pycocotools compressed string, undoing the delta of every count from the fourth on.</summary>
    public static int[] ParseCounts(string compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        var counts = new List<int>();
        var position = 0;
        while (position < compressed.Length)
        {
            var (value, groups, more) = (0L, 0, true);
            while (more)
            {
                if (position >= compressed.Length)
                    throw new MaskFormatException($"The compressed RLE string ends inside count {counts.Count}.");
                var character = compressed[position++];
                if (character is < (char)FirstChar or > (char)LastChar)
                    throw new MaskFormatException($"The compressed RLE string has '{character}' at {position - 1}; only characters '0' to 'o' occur.");
                if (groups == MaxGroups)
                    throw new MaskFormatException($"Count {counts.Count} of the compressed RLE string is too long.");
                var group = character - FirstChar;
                value |= (long)(group & 0x1f) << (5 * groups);
                groups++;
                more = (group & 0x20) != 0;
                if (!more && (group & 0x10) != 0 && groups < MaxGroups)
                    value |= -1L << (5 * groups);
            }
            if (counts.Count > 2)
                value += counts[^2];
            if (value is < 0 or > int.MaxValue)
                throw new MaskFormatException($"Count {counts.Count} of the compressed RLE string is {value}; counts lie in [0, {int.MaxValue}].");
            counts.Add((int)value);
        }
        return [.. counts];
    }
}
