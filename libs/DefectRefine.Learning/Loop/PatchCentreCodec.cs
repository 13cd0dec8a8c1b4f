using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Loop;

/// <summary>Labelled centres to and from the compact per-image arrays the Sampler publishes.</summary>
public static class PatchCentreCodec
{
    public static IReadOnlyList<ImagePatchCentres> Pack(IEnumerable<LabelledCentre> centres)
    {
        ArgumentNullException.ThrowIfNull(centres);
        return [.. centres.GroupBy(c => c.ImageId).Select(group =>
        {
            var list = group.ToList();
            return new ImagePatchCentres(group.Key, [.. list.Select(c => c.X)], [.. list.Select(c => c.Y)], [.. list.Select(c => c.Defect)]);
        })];
    }

    /// <exception cref="InvalidDataException">The arrays of an image differ in length: the message is malformed.</exception>
    public static IReadOnlyList<LabelledCentre> Unpack(IEnumerable<ImagePatchCentres> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var centres = new List<LabelledCentre>();
        foreach (var image in images)
        {
            if (image.X.Count != image.Y.Count || image.X.Count != image.Defect.Count)
                throw new InvalidDataException($"Image {image.ImageId}: {image.X.Count} x, {image.Y.Count} y and {image.Defect.Count} labels; they must match.");
            for (var i = 0; i < image.X.Count; i++)
                centres.Add(new LabelledCentre(image.ImageId, image.X[i], image.Y[i], image.Defect[i]));
        }
        return centres;
    }
}
