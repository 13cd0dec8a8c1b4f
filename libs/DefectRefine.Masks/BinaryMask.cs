using System.Numerics;

namespace DefectRefine.Masks;

/// <summary>
/// A defect/background mask, one bit per pixel, row-major. Bit-packed so that a 1632x288 mask is 59 KB and a
/// snapshot of it stays small; every mutation goes through <see cref="Set"/> or <see cref="Flip"/>.
/// </summary>
public sealed class BinaryMask : IEquatable<BinaryMask>
{
    private readonly ulong[] _words;

    public BinaryMask(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _words = new ulong[(PixelCount + 63) / 64];
    }

    private BinaryMask(int width, int height, ulong[] words)
    {
        Width = width;
        Height = height;
        _words = words;
    }

    public int Width { get; }
    public int Height { get; }
    public int PixelCount => Width * Height;

    public bool this[int x, int y]
    {
        get => Get(IndexOf(x, y));
        set => Set(IndexOf(x, y), value);
    }

    public bool Contains(int x, int y) => x >= 0 && y >= 0 && x < Width && y < Height;

    public int IndexOf(int x, int y)
    {
        if (!Contains(x, y))
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {Width}x{Height} mask.");
        return (y * Width) + x;
    }

    public bool Get(int index) => (_words[index >> 6] & (1UL << (index & 63))) != 0;

    public void Set(int index, bool defect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PixelCount);
        if (defect)
            _words[index >> 6] |= 1UL << (index & 63);
        else
            _words[index >> 6] &= ~(1UL << (index & 63));
    }

    public void Flip(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PixelCount);
        _words[index >> 6] ^= 1UL << (index & 63);
    }

    public void Flip(IEnumerable<PixelRun> runs)
    {
        foreach (var run in runs)
        {
            if (run.Start < 0 || run.Length <= 0 || (long)run.Start + run.Length > PixelCount)
                throw new ArgumentOutOfRangeException(nameof(runs), $"Run {run} does not fit a {Width}x{Height} mask.");
            for (var i = run.Start; i < run.End; i++)
                _words[i >> 6] ^= 1UL << (i & 63);
        }
    }

    /// <summary>Fills the rectangle clipped to the mask.</summary>
    public void Fill(PixelBox box, bool defect = true)
    {
        var clipped = box.ClipTo(Width, Height);
        if (clipped is not { } b)
            return;
        for (var y = b.Y; y < b.Bottom; y++)
            for (var x = b.X; x < b.Right; x++)
                Set((y * Width) + x, defect);
    }

    public int CountDefects()
    {
        var count = 0;
        foreach (var word in _words)
            count += BitOperations.PopCount(word);
        return count;
    }

    public BinaryMask Clone() => new(Width, Height, (ulong[])_words.Clone());

    /// <summary>Pixels that differ between this mask and <paramref name="other"/>, as sorted runs.</summary>
    public IReadOnlyList<PixelRun> DifferenceFrom(BinaryMask other)
    {
        RequireSameSize(other);
        var runs = new List<PixelRun>();
        var start = -1;
        for (var w = 0; w < _words.Length; w++)
        {
            var diff = _words[w] ^ other._words[w];
            if (diff == 0 && start < 0)
                continue;
            for (var bit = 0; bit < 64; bit++)
            {
                var index = (w << 6) + bit;
                if (index >= PixelCount)
                    break;
                var differs = (diff & (1UL << bit)) != 0;
                if (differs && start < 0)
                    start = index;
                else if (!differs && start >= 0)
                {
                    runs.Add(new PixelRun(start, index - start));
                    start = -1;
                }
            }
        }
        if (start >= 0)
            runs.Add(new PixelRun(start, PixelCount - start));
        return runs;
    }

    /// <summary>One byte per pixel, <paramref name="defectValue"/> for defect and 0 for background (PNG-ready).</summary>
    public byte[] ToPixels(byte defectValue = 255)
    {
        var pixels = new byte[PixelCount];
        for (var i = 0; i < pixels.Length; i++)
            if (Get(i))
                pixels[i] = defectValue;
        return pixels;
    }

    /// <summary>A pixel is a defect when its value is greater than <paramref name="threshold"/>.</summary>
    public static BinaryMask FromPixels(int width, int height, ReadOnlySpan<byte> pixels, byte threshold = 0)
    {
        var mask = new BinaryMask(width, height);
        if (pixels.Length != mask.PixelCount)
            throw new ArgumentException($"Expected {width}x{height} = {mask.PixelCount} values, got {pixels.Length}.", nameof(pixels));
        for (var i = 0; i < pixels.Length; i++)
            if (pixels[i] > threshold)
                mask._words[i >> 6] |= 1UL << (i & 63);
        return mask;
    }

    /// <summary>The packed bits, little-endian, (W*H+7)/8 bytes: the compact form kept in snapshots.</summary>
    public byte[] ToPackedBytes()
    {
        var bytes = new byte[(PixelCount + 7) / 8];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)(_words[i >> 3] >> ((i & 7) * 8));
        return bytes;
    }

    public static BinaryMask FromPackedBytes(int width, int height, ReadOnlySpan<byte> packed)
    {
        var mask = new BinaryMask(width, height);
        if (packed.Length != (mask.PixelCount + 7) / 8)
            throw new ArgumentException($"A {width}x{height} mask packs into {(mask.PixelCount + 7) / 8} bytes, got {packed.Length}.", nameof(packed));
        for (var i = 0; i < packed.Length; i++)
            mask._words[i >> 3] |= (ulong)packed[i] << ((i & 7) * 8);
        var tailBits = mask.PixelCount & 63;
        if (tailBits != 0 && (mask._words[^1] >> tailBits) != 0)
            throw new ArgumentException("The packed mask has bits set beyond its last pixel.", nameof(packed));
        return mask;
    }

    public bool Equals(BinaryMask? other) =>
        other is not null && other.Width == Width && other.Height == Height && other._words.AsSpan().SequenceEqual(_words);

    public override bool Equals(object? obj) => Equals(obj as BinaryMask);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Width);
        hash.Add(Height);
        foreach (var word in _words)
            hash.Add(word);
        return hash.ToHashCode();
    }

    private void RequireSameSize(BinaryMask other)
    {
        if (other.Width != Width || other.Height != Height)
            throw new ArgumentException($"Mask sizes differ: {Width}x{Height} and {other.Width}x{other.Height}.", nameof(other));
    }
}
