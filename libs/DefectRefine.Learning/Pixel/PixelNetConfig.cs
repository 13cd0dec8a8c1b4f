using System.Text.Json.Serialization;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// The shape of the pixel model: a small encoder-decoder whose deepest stage sees the image at 1/8 of its resolution
/// through dilated convolutions, so each pixel's label is decided with about 200 px of context rather than one patch.
/// <see cref="Width"/> is the channel count of the half-resolution stage; deeper stages double it.
/// </summary>
public sealed record PixelNetConfig
{
    /// <summary>The network's total stride: inputs are padded to a multiple of it.</summary>
    [JsonIgnore]
    public const int Stride = 8;

    public int Width { get; init; } = 16;
    public int EmbeddingSize { get; init; } = 32;

    public void Validate()
    {
        if (Width is < 4 or > 128 || Width % 2 != 0)
            throw new ArgumentException($"Width must be even and in [4, 128], not {Width}.");
        if (EmbeddingSize is < 2 or > 1024)
            throw new ArgumentException($"Embedding size must be in [2, 1024], not {EmbeddingSize}.");
    }
}
