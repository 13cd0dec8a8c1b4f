using DefectRefine.Evaluation;
using DefectRefine.Masks;
using DefectRefine.UnitTests.Masks;

namespace DefectRefine.UnitTests.Evaluation;

public sealed class LabelReferencesTests
{
    [Fact]
    public void Loose_boxes_around_bright_discs_score_below_grabcut_in_them()
    {
        var (train, trainBoxes) = DiscsInBoxes(4, seed: 1);
        var (test, testBoxes) = DiscsInBoxes(2, seed: 2);

        var references = LabelReferences.Measure(train, trainBoxes, test, testBoxes);

        Assert.True(references.GrabCut.PixelF1 > references.Labels.PixelF1 + 0.3, $"{references}");
        Assert.True(references.TestGrabCut.PixelF1 > references.TestLabels.PixelF1 + 0.3, $"{references}");
        // A box holds every pixel of its disc: the labels miss nothing and their precision is the disc's share of the box.
        Assert.Equal(1.0, references.Labels.Recall);
        Assert.Equal((4, 0), (references.Boxes, references.KeptBoxes));
    }

    [Fact]
    public void Scores_come_from_one_confusion_summed_over_the_images()
    {
        // Image 1: labels hit 2 of 2 true pixels with 2 false; image 2: 0 of 4 true pixels, nothing labelled.
        var truth1 = new BinaryMask(4, 4);
        truth1.Fill(new PixelBox(0, 0, 2, 1));
        var labels1 = new BinaryMask(4, 4);
        labels1.Fill(new PixelBox(0, 0, 2, 2));
        var truth2 = new BinaryMask(4, 4);
        truth2.Fill(new PixelBox(2, 2, 2, 2));
        var images = new[] { truth1, truth2 }.Select((t, i) => new EvaluationImage($"i{i}", GrabCutInLabelsTests.Disc(4, 4, 0, 0, 1).Image, t)).ToList();

        var references = LabelReferences.Measure(images, [labels1, new BinaryMask(4, 4)], images[..1], [labels1]);

        // Summed: TP 2, FP 2, FN 4 → precision 0.5, recall 1/3, F1 4/10, IoU 2/8. A mean over images would give other values.
        Assert.Equal(new MaskScores(0.4, 0.25, 0.5, 0.3333), references.Labels);
        Assert.Equal(new MaskScores(0.6667, 0.5, 0.5, 1.0), references.TestLabels);
    }

    [Fact]
    public void A_shared_cache_runs_grabcut_once_per_image_and_labels()
    {
        var (train, boxes) = DiscsInBoxes(3, seed: 3);
        var cache = new ReferenceCache();

        var first = LabelReferences.Measure(train, boxes, train[..1], boxes[..1], cache);
        Assert.Equal(3, cache.GrabCutRuns);
        var second = LabelReferences.Measure(train, boxes, train[..1], boxes[..1], cache);

        Assert.Equal(3, cache.GrabCutRuns);
        Assert.Equal(first, second);
        // Other labels of the same image are a new entry, not the cached mask of the old ones.
        var other = boxes[0].Clone();
        other.Fill(new PixelBox(0, 0, 4, 4));
        LabelReferences.Measure(train[..1], [other], train[..1], [boxes[0]], cache);
        Assert.Equal(4, cache.GrabCutRuns);
    }

    [Fact]
    public void Every_image_needs_its_initial_mask()
    {
        var (train, boxes) = DiscsInBoxes(2, seed: 4);

        Assert.Throws<ArgumentException>(() => LabelReferences.Measure(train, boxes[..1], train, boxes));
    }

    [Fact]
    public void The_table_has_a_row_per_seed_and_their_mean_and_spread()
    {
        static ReferenceScores Scores(double grabCut) =>
            new(new MaskScores(0.4, 0.25, 0.3, 0.9), new MaskScores(grabCut, 0.4, 0.6, 0.6), new MaskScores(0.41, 0.26, 0.3, 0.9), new MaskScores(0.5, 0.33, 0.5, 0.5), 10, 1);

        var table = LabelReferences.Table([(InitialLabels.Roi, 1, Scores(0.5)), (InitialLabels.Roi, 2, Scores(0.7))], eachSeed: true);

        var lines = table.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("| Roi | 1 | GrabCut in the labels (no expert) | 0.500 |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| Roi | 2 | initial labels (as they are) | 0.400 |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| Roi | 1, 2 | GrabCut in the labels (no expert) | 0.600 ± 0.141 |", StringComparison.Ordinal) && l.EndsWith("| 2 of 20 |", StringComparison.Ordinal));
    }

    /// <summary>Bright discs, each in a loose box three times its diameter: boxes whose F1 is far below the disc's.</summary>
    private static (EvaluationImage[] Images, BinaryMask[] Boxes) DiscsInBoxes(int count, int seed)
    {
        var images = new List<EvaluationImage>();
        var boxes = new List<BinaryMask>();
        for (var i = 0; i < count; i++)
        {
            var (x, y) = (30 + (5 * i), 40 + (3 * i));
            var (image, truth) = GrabCutInLabelsTests.Disc(96, 96, x, y, 10, seed + i);
            var box = new BinaryMask(96, 96);
            box.Fill(new PixelBox(x - 20, y - 20, 41, 41));
            images.Add(new EvaluationImage($"disc{i}", image, truth));
            boxes.Add(box);
        }
        return ([.. images], [.. boxes]);
    }
}
