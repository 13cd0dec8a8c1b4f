using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Imaging;
using DefectRefine.Masks;
using DefectRefine.Masks.Refined;
using AnswerPropagation = DefectRefine.Masks.Refined.AnswerPropagation;

namespace DefectRefine.Learning.Answers;

/// <summary>
/// The regions the labels of one centre-pixel refinement reach (<see cref="AnswerPropagation"/>), drawn once when the
/// answer is recorded and kept in its event, so replay and undo never depend on the image, the map or OpenCV again.
/// </summary>
public sealed record PropagatedRegions(string ModelVersion, int RegionSize, IReadOnlyList<(PatchLabel Label, BinaryMask Region)> Regions)
{
    public const string Method = "superpixel-map";

    /// <summary>
    /// Draws the region of every label of <paramref name="refinement"/> on <paramref name="image"/> and the model's
    /// <paramref name="probability"/> map, with superpixels the size of the query's patches. Pixels in
    /// <paramref name="named"/> (labelled by a person before) are left out: a person's label is never overridden by
    /// an inferred one.
    /// </summary>
    public static PropagatedRegions Draw(ImageRefinement refinement, GrayscaleImage image, float[] probability, string modelVersion, BinaryMask? named = null)
    {
        ArgumentNullException.ThrowIfNull(refinement);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(probability);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelVersion);
        if (refinement.Granularity != RefinementGranularity.CentrePixel)
            throw new ArgumentException($"Only centre-pixel answers propagate; a {refinement.Granularity} refinement names its pixels itself.", nameof(refinement));
        if (probability.Length != image.Width * image.Height)
            throw new ArgumentException($"A map of {probability.Length} pixels does not fit the {image.Width}x{image.Height} image.", nameof(probability));
        if (named is not null && (named.Width != image.Width || named.Height != image.Height))
            throw new ArgumentException($"A {named.Width}x{named.Height} layer of named pixels does not fit the {image.Width}x{image.Height} image.", nameof(named));
        var regions = new List<(PatchLabel, BinaryMask)>(refinement.Labels.Count);
        foreach (var label in refinement.Labels)
        {
            var region = AnswerPropagation.Region(image, refinement.PatchSize, probability, PixelBox.Patch(label.X, label.Y, refinement.PatchSize), label.X, label.Y, label.Defect);
            // The answered pixels themselves are named, not reached.
            foreach (var other in refinement.Labels)
                region[other.X, other.Y] = false;
            if (named is not null)
                for (var i = 0; i < region.PixelCount; i++)
                    if (named.Get(i))
                        region.Set(i, false);
            regions.Add((label, region));
        }
        return new PropagatedRegions(modelVersion, refinement.PatchSize, regions);
    }

    /// <summary>Applies the regions in order (a later one wins where two overlap) to <paramref name="mask"/>.</summary>
    public void ApplyTo(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        foreach (var (label, region) in Regions)
            for (var i = 0; i < region.PixelCount; i++)
                if (region.Get(i))
                    mask.Set(i, label.Defect);
    }

    public PropagatedLabels ToRecord() =>
        new(Method, ModelVersion, RegionSize, [.. Regions.Select(r => new PropagatedLabel(r.Label.X, r.Label.Y, r.Label.Defect, MaskRunLength.Encode(r.Region)))]);
}
