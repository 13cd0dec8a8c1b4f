using DefectRefine.Masks;

namespace DefectRefine.UnitTests.Masks;

/// <summary>True masks of the NEU-Seg training split, read from the shared data folder (never copied into the repo).</summary>
internal static class NeuMasks
{
    public static string TrainFolder => Path.Combine(SharedData.NeuSeg, "masks", "train");

    public static IReadOnlyList<(string Name, BinaryMask Mask)> FirstTrain(int count) =>
        [.. Directory.GetFiles(TrainFolder, "*.png").Order(StringComparer.Ordinal).Take(count)
            .Select(f => (Path.GetFileName(f), MaskPng.Decode(File.ReadAllBytes(f))))];

    public static double IoU(BinaryMask a, BinaryMask b)
    {
        var (intersection, union) = (0, 0);
        for (var i = 0; i < a.PixelCount; i++)
        {
            if (a.Get(i) && b.Get(i))
                intersection++;
            if (a.Get(i) || b.Get(i))
                union++;
        }
        return union == 0 ? 1 : intersection / (double)union;
    }

    /// <summary>The fraction of <paramref name="truth"/>'s defect pixels that <paramref name="cover"/> also marks.</summary>
    public static double Recall(BinaryMask truth, BinaryMask cover)
    {
        var (covered, total) = (0, 0);
        for (var i = 0; i < truth.PixelCount; i++)
        {
            if (!truth.Get(i))
                continue;
            total++;
            if (cover.Get(i))
                covered++;
        }
        return total == 0 ? 1 : covered / (double)total;
    }

    /// <summary>A mask from rows of '#' (defect) and '.' (background), for small hand-checked examples.</summary>
    public static BinaryMask Parse(params string[] rows)
    {
        var mask = new BinaryMask(rows[0].Length, rows.Length);
        for (var y = 0; y < rows.Length; y++)
            for (var x = 0; x < rows[y].Length; x++)
                mask[x, y] = rows[y][x] == '#';
        return mask;
    }
}
