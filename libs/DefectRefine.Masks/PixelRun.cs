namespace DefectRefine.Masks;

/// <summary><paramref name="Length"/> consecutive pixels from row-major index <paramref name="Start"/>.</summary>
public readonly record struct PixelRun(int Start, int Length)
{
    public int End => Start + Length;
}
