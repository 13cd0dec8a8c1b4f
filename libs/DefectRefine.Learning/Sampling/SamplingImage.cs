using DefectRefine.Masks;

namespace DefectRefine.Learning.Sampling;

/// <summary>
/// What drawing patch centres needs of an image: its size and, where one exists, its current mask. No pixels: the
/// Sampler service draws coordinates for the whole dataset without ever loading an image.
/// </summary>
public sealed record SamplingImage(Guid Id, int Width, int Height, BinaryMask? Mask);
