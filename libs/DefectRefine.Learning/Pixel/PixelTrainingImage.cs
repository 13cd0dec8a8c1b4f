namespace DefectRefine.Learning.Pixel;

/// <summary>
/// One image's training signal: a target in [0, 1] and a confidence weight (0 = no opinion) per pixel, row-major.
/// Weights let one training set hold what the expert said (heavy), what the initial labels imply (light) and what
/// nobody knows (zero).
/// </summary>
public sealed record PixelTrainingImage(StandardisedImage Image, float[] Target, float[] Weight)
{
    /// <summary>Pixel indices the trainer centres half its crops on (the expert's labels); empty: crops anywhere.</summary>
    public IReadOnlyList<int> Focus { get; init; } = [];

    public void Validate()
    {
        var area = Image.Width * Image.Height;
        if (Target.Length != area || Weight.Length != area)
            throw new ArgumentException($"A {Image.Width}x{Image.Height} image needs {area} targets and weights, got {Target.Length} and {Weight.Length}.");
    }
}
