using System.Buffers.Binary;
using System.Numerics;
using DefectRefine.Masks;

namespace DefectRefine.Learning.Sampling;

/// <summary>
/// Defect counts per row of every masked image, as prefix sums, so that a centre of either label can be drawn
/// uniformly by its rank with two binary searches and one row scan. Listing the pixel positions instead would cost
/// gigabytes for a thousand noise masks. The counts are a snapshot: the masks may change afterwards.
/// </summary>
internal sealed class MaskPixelIndex
{
    private readonly SamplingImage[] _images;
    private readonly int[][] _defectsBeforeRow;
    private readonly long[] _defectsBeforeImage;
    private readonly long[] _pixelsBeforeImage;

    private MaskPixelIndex(SamplingImage[] images, int[][] defectsBeforeRow)
    {
        _images = images;
        _defectsBeforeRow = defectsBeforeRow;
        _defectsBeforeImage = new long[images.Length + 1];
        _pixelsBeforeImage = new long[images.Length + 1];
        for (var i = 0; i < images.Length; i++)
        {
            _defectsBeforeImage[i + 1] = _defectsBeforeImage[i] + defectsBeforeRow[i][^1];
            _pixelsBeforeImage[i + 1] = _pixelsBeforeImage[i] + ((long)images[i].Width * images[i].Height);
        }
    }

    public bool IsEmpty => _images.Length == 0;
    public long PixelCount => _pixelsBeforeImage[^1];
    public long DefectCount => _defectsBeforeImage[^1];
    public long BackgroundCount => PixelCount - DefectCount;

    public long Count(bool defect) => defect ? DefectCount : BackgroundCount;

    /// <summary>Counts the masks of the images that have one; images without a mask are left out.</summary>
    public static MaskPixelIndex Build(IReadOnlyList<SamplingImage> images)
    {
        var masked = images.Where(image => image.Mask is not null).ToArray();
        var rows = new int[masked.Length][];
        Parallel.For(0, masked.Length, i => rows[i] = CountRows(masked[i].Mask!));
        return new MaskPixelIndex(masked, rows);
    }

    /// <summary>The pixel of rank <paramref name="rank"/> in [0, PixelCount), image by image, row-major.</summary>
    public LabelledCentre Pixel(long rank)
    {
        var i = Locate(_pixelsBeforeImage, rank);
        var image = _images[i];
        var inImage = rank - _pixelsBeforeImage[i];
        var x = (int)(inImage % image.Width);
        var y = (int)(inImage / image.Width);
        return new LabelledCentre(image.Id, x, y, image.Mask![x, y]);
    }

    /// <summary>The pixel of rank <paramref name="rank"/> in [0, Count(defect)) among the pixels of that label.</summary>
    public LabelledCentre PixelOf(bool defect, long rank)
    {
        var i = defect ? Locate(_defectsBeforeImage, rank) : LocateBackgroundImage(rank);
        var image = _images[i];
        var mask = image.Mask!;
        var before = _defectsBeforeRow[i];
        var inImage = rank - (defect ? _defectsBeforeImage[i] : _pixelsBeforeImage[i] - _defectsBeforeImage[i]);

        // Largest row whose label count before it is at most the rank: that row holds the pixel.
        int low = 0, high = mask.Height - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >>> 1;
            if (Before(before, mid, mask.Width, defect) <= inImage)
                low = mid;
            else
                high = mid - 1;
        }
        var y = low;
        var k = inImage - Before(before, y, mask.Width, defect);
        var rowStart = y * mask.Width;
        for (var x = 0; x < mask.Width; x++)
        {
            if (mask.Get(rowStart + x) != defect)
                continue;
            if (k-- == 0)
                return new LabelledCentre(image.Id, x, y, defect);
        }

        // Only reachable when the mask was edited after counting: still return a real pixel with its real label.
        var fallback = (int)(k % mask.Width);
        return new LabelledCentre(image.Id, fallback, y, mask[fallback, y]);
    }

    private static long Before(int[] defectsBeforeRow, int row, int width, bool defect) =>
        defect ? defectsBeforeRow[row] : ((long)row * width) - defectsBeforeRow[row];

    private int LocateBackgroundImage(long rank)
    {
        // The same search as Locate over background prefix sums, which are derived rather than stored.
        int low = 0, high = _images.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >>> 1;
            if (_pixelsBeforeImage[mid] - _defectsBeforeImage[mid] <= rank)
                low = mid;
            else
                high = mid - 1;
        }
        return low;
    }

    /// <summary>The last index i with before[i] &lt;= rank; empty entries (equal neighbours) are never chosen.</summary>
    private static int Locate(long[] before, long rank)
    {
        int low = 0, high = before.Length - 2;
        while (low < high)
        {
            var mid = (low + high + 1) >>> 1;
            if (before[mid] <= rank)
                low = mid;
            else
                high = mid - 1;
        }
        return low;
    }

    private static int[] CountRows(BinaryMask mask)
    {
        // The packed bytes allow a popcount per 64 pixels; reading bit by bit is several times slower on 1600-wide masks.
        var packed = mask.ToPackedBytes();
        var before = new int[mask.Height + 1];
        for (var y = 0; y < mask.Height; y++)
            before[y + 1] = before[y] + CountBits(packed, y * mask.Width, mask.Width);
        return before;
    }

    private static int CountBits(ReadOnlySpan<byte> packed, int start, int length)
    {
        var bit = start;
        var end = start + length;
        var count = 0;
        for (; bit < end && (bit & 7) != 0; bit++)
            count += (packed[bit >> 3] >> (bit & 7)) & 1;
        for (; end - bit >= 64; bit += 64)
            count += BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(packed.Slice(bit >> 3, 8)));
        for (; end - bit >= 8; bit += 8)
            count += BitOperations.PopCount(packed[bit >> 3]);
        for (; bit < end; bit++)
            count += (packed[bit >> 3] >> (bit & 7)) & 1;
        return count;
    }
}
