namespace DefectRefine.Masks.Progress;

/// <summary>
/// A mask's pixels against a true mask. F1, precision and recall are null where they are undefined (nothing is a
/// defect in either mask, or in the one they divide by), so an empty image does not read as a perfect or failed one.
/// </summary>
public readonly record struct PixelScore(long TruePositive, long FalsePositive, long FalseNegative)
{
    public double? F1 => TruePositive + FalsePositive + FalseNegative == 0 ? null : 2.0 * TruePositive / ((2.0 * TruePositive) + FalsePositive + FalseNegative);
    public double? Precision => TruePositive + FalsePositive == 0 ? null : TruePositive / (double)(TruePositive + FalsePositive);
    public double? Recall => TruePositive + FalseNegative == 0 ? null : TruePositive / (double)(TruePositive + FalseNegative);

    public static PixelScore operator +(PixelScore a, PixelScore b) =>
        new(a.TruePositive + b.TruePositive, a.FalsePositive + b.FalsePositive, a.FalseNegative + b.FalseNegative);

    public static PixelScore operator -(PixelScore a, PixelScore b) =>
        new(a.TruePositive - b.TruePositive, a.FalsePositive - b.FalsePositive, a.FalseNegative - b.FalseNegative);

    public static PixelScore Of(BinaryMask mask, BinaryMask truth)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(truth);
        if (mask.Width != truth.Width || mask.Height != truth.Height)
            throw new ArgumentException($"The true mask is {truth.Width}x{truth.Height}, the mask {mask.Width}x{mask.Height}.", nameof(truth));
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < mask.PixelCount; i++)
        {
            var predicted = mask.Get(i);
            var actual = truth.Get(i);
            if (predicted && actual)
                tp++;
            else if (predicted)
                fp++;
            else if (actual)
                fn++;
        }
        return new PixelScore(tp, fp, fn);
    }
}
