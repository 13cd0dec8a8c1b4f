using DefectRefine.Imaging;
using DefectRefine.Learning.Dense;
using DefectRefine.Learning.Model;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks;

namespace DefectRefine.Evaluation;

/// <summary>A test image with the initial labels the paper's protocol compares against.</summary>
internal sealed record TestImage(Guid Id, EvaluationImage Image, BinaryMask Initial, IReadOnlyList<PatchCentre> Centres);

/// <summary>Scores a model on the test images under both protocols. The centres are fixed per experiment, so every stage is measured at the same pixels.</summary>
internal sealed class Evaluator(IReadOnlyList<TestImage> test)
{
    private readonly Dictionary<Guid, GrayscaleImage> pixels = test.ToDictionary(t => t.Id, t => t.Image.Pixels);
    private readonly Dictionary<Guid, TestImage> byId = test.ToDictionary(t => t.Id);
    private readonly List<PatchCentre> centres = [.. test.SelectMany(t => t.Centres)];

    /// <summary>How many test images keep their dense map, for the overlays of a report.</summary>
    public const int KeptMaps = 3;

    public (PaperMetrics Paper, TruthMetrics Truth, IReadOnlyList<BinaryMask> Maps) Score(PatchModel model, IEnumerable<(BinaryMask Refined, BinaryMask Truth)> trainingMasks)
    {
        var predictions = model.Predict(centres, pixels);
        var paper = new Confusion();
        var patches = new Confusion();
        for (var i = 0; i < centres.Count; i++)
        {
            var c = centres[i];
            var predicted = predictions.DefectProbability[i] > 0.5f;
            paper.Add(predicted, byId[c.ImageId].Initial[c.X, c.Y]);
            patches.Add(predicted, byId[c.ImageId].Image.Truth[c.X, c.Y]);
        }

        var dense = new Confusion();
        var maps = new List<BinaryMask>();
        foreach (var t in test)
        {
            var map = DenseSegmenter.Segment(model, t.Image.Pixels).ToMask();
            AddPixels(ref dense, map, t.Image.Truth);
            if (maps.Count < KeptMaps)
                maps.Add(map);
        }
        var masks = new Confusion();
        foreach (var (refined, truth) in trainingMasks)
            AddPixels(ref masks, refined, truth);
        return (new PaperMetrics(Round(paper.F1), Round(paper.Recall), Round(paper.Precision)),
            new TruthMetrics(Round(patches.F1), Round(dense.F1), Round(dense.Iou), Round(masks.F1)), maps);
    }

    private static void AddPixels(ref Confusion confusion, BinaryMask predicted, BinaryMask truth)
    {
        for (var y = 0; y < truth.Height; y++)
        {
            for (var x = 0; x < truth.Width; x++)
                confusion.Add(predicted[x, y], truth[x, y]);
        }
    }

    private static double Round(double value) => Math.Round(value, 4);
}
