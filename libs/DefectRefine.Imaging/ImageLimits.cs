namespace DefectRefine.Imaging;

/// <summary>Bounds on what an import may decode; they keep decompression bombs and absurd scans out of memory.</summary>
public sealed record ImageLimits(int MaxSide = 16384, long MaxBytes = 50L * 1024 * 1024)
{
    public static ImageLimits Default { get; } = new();
}
