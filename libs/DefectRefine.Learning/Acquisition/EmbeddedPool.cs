using DefectRefine.Imaging;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Learning.Acquisition;

/// <summary>A pool of patches with their current labels, embedded and classified by one model version.</summary>
public sealed record EmbeddedPool(IReadOnlyList<LabelledCentre> Patches, PatchPredictions Predictions, string ModelVersion, int PatchSize)
{
    public int Count => Patches.Count;

    public static EmbeddedPool Embed(PatchModel model, IReadOnlyList<LabelledCentre> patches, IReadOnlyDictionary<Guid, GrayscaleImage> images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(patches);
        var predictions = model.Predict([.. patches.Select(p => p.Centre)], images);
        return new EmbeddedPool(patches, predictions, model.Version, model.Config.PatchSize);
    }

    public float Entropy(int index) => PatchPredictions.Entropy(Predictions.DefectProbability[index]);

    public float SquaredDistance(int a, int b)
    {
        var x = Predictions.Embedding(a);
        var y = Predictions.Embedding(b);
        float sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - y[i];
            sum += d * d;
        }
        return sum;
    }
}
