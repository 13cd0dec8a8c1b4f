using DefectRefine.Learning.Model;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// What the pixel model says about a whole image: the defect probability of every pixel (row-major) and a unit-length
/// embedding on the 1/4-resolution grid (cell (i, j) covers pixels 4j..4j+3, 4i..4i+3), which similarity queries use.
/// </summary>
public sealed record PixelMap(int Width, int Height, float[] Probability, int EmbeddingSize, float[] Embedding)
{
    public const int EmbeddingStride = 4;

    public int EmbeddingColumns => (Width + EmbeddingStride - 1) / EmbeddingStride;
    public int EmbeddingRows => (Height + EmbeddingStride - 1) / EmbeddingStride;

    public float ProbabilityAt(int x, int y) => Probability[(y * Width) + x];

    public float EntropyAt(int x, int y) => PatchPredictions.Entropy(ProbabilityAt(x, y));

    public ReadOnlySpan<float> EmbeddingAt(int x, int y)
    {
        var cell = ((y / EmbeddingStride) * EmbeddingColumns) + (x / EmbeddingStride);
        return Embedding.AsSpan(cell * EmbeddingSize, EmbeddingSize);
    }
}
