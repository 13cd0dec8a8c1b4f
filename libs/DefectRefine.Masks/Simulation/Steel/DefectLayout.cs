namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Chooses an image's defects: how many, which kinds, and how large, so that together they cover a share of the
/// image inside the options' window. Each defect is sized to an even part of what is still to cover; the last one is
/// redrawn, rescaled by how far it missed, until the total lands inside. A layout that cannot land is drawn again.
/// </summary>
internal static class DefectLayout
{
    private const int MaxLayouts = 50;
    private const int MaxRedraws = 10;

    public static IReadOnlyList<PaintedFeature> Draw(SteelSurfaceOptions options, SeededRandom random)
    {
        var (width, height) = (options.Width, options.Height);
        var area = (double)width * height;
        var (least, most) = ((int)Math.Ceiling(options.MinDefectShare * area), (int)Math.Floor(options.MaxDefectShare * area));
        for (var layout = 0; layout < MaxLayouts; layout++)
        {
            var count = random.NextInt(options.MinDefects, options.MaxDefects);
            // Aimed away from the window's edges, so the last defect can miss a little either way.
            var target = random.NextDouble(least + (0.15 * (most - least)), most - (0.15 * (most - least)));
            var truth = new BinaryMask(width, height);
            var defects = new List<PaintedFeature>();
            while (defects.Count < count - 1)
            {
                var defect = Paint(Pick(options.DefectKinds, random), width, height, (target - truth.CountDefects()) / (count - defects.Count), random);
                if (defect.TruthCount == 0)
                    break;
                defect.MarkInto(truth);
                defects.Add(defect);
            }
            if (defects.Count != count - 1 || truth.CountDefects() >= most)
                continue;
            if (Last(Pick(options.DefectKinds, random), truth, target, least, most, random) is { } last)
                return [.. defects, last];
        }
        throw new InvalidOperationException(
            $"No layout of {options.MinDefects}..{options.MaxDefects} defects covered {options.MinDefectShare:P1}..{options.MaxDefectShare:P1} "
            + $"of a {width}x{height} image in {MaxLayouts} tries; widen the share window or allow more defects.");
    }

    private static PaintedFeature? Last(SteelFeatureKind kind, BinaryMask truth, double target, int least, int most, SeededRandom random)
    {
        var covered = truth.CountDefects();
        var needed = target - covered;
        var budget = needed;
        for (var redraw = 0; redraw < MaxRedraws; redraw++)
        {
            var defect = Paint(kind, truth.Width, truth.Height, budget, random);
            var together = truth.Clone();
            defect.MarkInto(together);
            var total = together.CountDefects();
            if (defect.TruthCount > 0 && total >= least && total <= most)
                return defect;
            // Overlap with earlier defects and clipping at the border make a shape's new pixels differ from its budget.
            budget *= Math.Clamp(needed / Math.Max(1, total - covered), 0.25, 4);
        }
        return null;
    }

    private static SteelFeatureKind Pick(IReadOnlyList<SteelFeatureKind> kinds, SeededRandom random) => kinds[random.NextInt(0, kinds.Count - 1)];

    private static PaintedFeature Paint(SteelFeatureKind kind, int width, int height, double budget, SeededRandom random)
    {
        budget = Math.Max(budget, 3);
        return kind switch
        {
            SteelFeatureKind.Scratch => ScratchPainter.Paint(width, height, budget, random),
            SteelFeatureKind.Inclusion => InclusionPainter.Paint(width, height, budget, random),
            SteelFeatureKind.Patch => PatchPainter.Paint(width, height, budget, random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defect kind."),
        };
    }
}
