using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>Adds a predicted mask's pixels to a confusion against the truth.</summary>
internal static class PixelScores
{
    public static void Add(ref Confusion confusion, BinaryMask predicted, BinaryMask truth)
    {
        if (predicted.Width != truth.Width || predicted.Height != truth.Height)
            throw new ArgumentException($"A {predicted.Width}x{predicted.Height} mask cannot be scored against a {truth.Width}x{truth.Height} truth.");
        for (var i = 0; i < truth.PixelCount; i++)
            confusion.Add(predicted.Get(i), truth.Get(i));
    }
}
