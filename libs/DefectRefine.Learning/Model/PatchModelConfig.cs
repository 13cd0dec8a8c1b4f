using System.Text.Json.Serialization;

namespace DefectRefine.Learning.Model;

/// <summary>
/// The shape of the patch model. <see cref="Width"/> is the channel count of the stride-2 stage (the stride-4 stage has
/// twice as many); it is the knob that trades accuracy for speed on a small CPU.
/// </summary>
public sealed record PatchModelConfig
{
    public const int OutputStride = 4;

    public int PatchSize { get; init; } = 32;
    public int EmbeddingSize { get; init; } = 64;
    public int Width { get; init; } = 32;

    /// <summary>Side of the trunk's feature map for one patch; the neck's kernel covers all of it.</summary>
    [JsonIgnore]
    public int FeatureSide => FeatureSideFor(PatchSize);

    public void Validate()
    {
        if (PatchSize is < 30 or > 256 || PatchSize % 2 != 0)
            throw new ArgumentException($"Patch size must be even and in [30, 256], not {PatchSize}.");
        if (EmbeddingSize is < 2 or > 1024)
            throw new ArgumentException($"Embedding size must be in [2, 1024], not {EmbeddingSize}.");
        if (Width is < 4 or > 256 || Width % 2 != 0)
            throw new ArgumentException($"Width must be even and in [4, 256], not {Width}.");
    }

    /// <summary>
    /// Follows the trunk's valid convolutions: stem 4x4/2, two 3x3 blocks, 2x2/2, two 3x3 blocks. Integer division
    /// drops the last row when a stride does not divide evenly, exactly as the convolution does.
    /// </summary>
    public static int FeatureSideFor(int inputSide)
    {
        var side = ((inputSide - 4) / 2) + 1;
        side -= 4;
        side = ((side - 2) / 2) + 1;
        return side - 4;
    }
}
