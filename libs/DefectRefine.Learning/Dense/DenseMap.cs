namespace DefectRefine.Learning.Dense;

/// <summary>Per-pixel defect probability and predictive entropy (bits) of a whole image, row-major.</summary>
public sealed record DenseMap(int Width, int Height, float[] Probability, float[] Entropy)
{
    public float ProbabilityAt(int x, int y) => Probability[(y * Width) + x];

    public float EntropyAt(int x, int y) => Entropy[(y * Width) + x];

    /// <summary>The mask the model predicts: defect where the probability exceeds <paramref name="threshold"/>.</summary>
    public Masks.BinaryMask ToMask(float threshold = 0.5f)
    {
        var mask = new Masks.BinaryMask(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (Probability[(y * Width) + x] > threshold)
                    mask[x, y] = true;
            }
        }
        return mask;
    }
}
