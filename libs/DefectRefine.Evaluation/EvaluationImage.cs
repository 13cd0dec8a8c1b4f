using DefectRefine.Imaging;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>An image with its true mask, named by its file stem.</summary>
public sealed record EvaluationImage(string Stem, GrayscaleImage Pixels, BinaryMask Truth);
