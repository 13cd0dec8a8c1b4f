using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Learning.Sampling;

/// <summary>An image the model learns from or labels: its grayscale pixels and, where one exists, its current mask.</summary>
public sealed record LearningImage(Guid Id, GrayscaleImage Pixels, BinaryMask? Mask)
{
    public int Width => Pixels.Width;
    public int Height => Pixels.Height;

    /// <summary>The same image for a sampler; the mask is shared, so edits to it are seen after a recount.</summary>
    public SamplingImage ForSampling() => new(Id, Width, Height, Mask);
}
