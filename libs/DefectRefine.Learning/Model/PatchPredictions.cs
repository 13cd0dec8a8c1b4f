namespace DefectRefine.Learning.Model;

/// <summary>
/// What the model says about a batch of patches: the defect probability of each and its unit-length embedding
/// (row i of <see cref="Embeddings"/> is floats [i * Dimension, (i + 1) * Dimension)).
/// </summary>
public sealed record PatchPredictions(float[] DefectProbability, float[] Embeddings, int Dimension)
{
    public int Count => DefectProbability.Length;

    public ReadOnlySpan<float> Embedding(int index) => Embeddings.AsSpan(index * Dimension, Dimension);

    /// <summary>Binary predictive entropy in bits: 1 where the model cannot decide, 0 where it is sure.</summary>
    public static float Entropy(float probability)
    {
        var p = Math.Clamp(probability, 1e-7f, 1 - 1e-7f);
        return -((p * MathF.Log2(p)) + ((1 - p) * MathF.Log2(1 - p)));
    }
}
