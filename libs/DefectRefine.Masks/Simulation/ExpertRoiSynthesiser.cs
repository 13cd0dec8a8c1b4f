using System.Globalization;

namespace DefectRefine.Masks.Simulation;

/// <summary>
/// SIMULATION: synthesises the boxes an expert would draw, from a TRUE mask, for experiments on data sets that only
/// have true masks. Loose boxes around the connected defect regions, neighbours merged into one box, at most a few
/// boxes, some small defects overlooked (never all of them). Seeded: the same truth, options and seed give the same
/// boxes on any platform. The result is an experiment input and must never be presented as an expert's label.
/// </summary>
public static class ExpertRoiSynthesiser
{
    public const string SimulationName = "expert-roi";

    // Bumped whenever the algorithm changes, so a recorded parameter set names the code that used it.
    private const string AlgorithmVersion = "1";

    public static SimulatedRoi Synthesise(BinaryMask truth, ExpertRoiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        options ??= new ExpertRoiOptions();
        options.Validate();
        var random = new SeededRandom(options.Seed);
        var noticed = Notice(ConnectedComponents.Find(truth), truth.PixelCount, options, random);
        var loose = noticed.Select(c => Loosen(c.Bounds, truth.Width, truth.Height, options, random));
        var boxes = BoxMerging.Merge(loose, options.MergeDistance, options.MaxBoxes);
        return new SimulatedRoi(boxes, InitialMasks.Roi(truth.Width, truth.Height, boxes), Parameters(options));
    }

    private static List<MaskComponent> Notice(IReadOnlyList<MaskComponent> components, int imageArea, ExpertRoiOptions options, SeededRandom random)
    {
        var missBelow = options.MissBelowAreaFraction * imageArea;
        var noticed = new List<MaskComponent>();
        MaskComponent? largestMissed = null;
        foreach (var component in components)
        {
            // One draw per component whatever its size, so a component's fate does not depend on the others' sizes.
            var draw = random.NextDouble();
            if (component.Area < missBelow && draw < options.MissProbability)
            {
                if (largestMissed is null || component.Area > largestMissed.Area)
                    largestMissed = component;
                continue;
            }
            noticed.Add(component);
        }
        // An expert asked to box the defects of a defective image boxes at least one.
        if (noticed.Count == 0 && largestMissed is not null)
            noticed.Add(largestMissed);
        return noticed;
    }

    private static PixelBox Loosen(PixelBox box, int width, int height, ExpertRoiOptions options, SeededRandom random)
    {
        int Margin(int extent) =>
            (int)Math.Round(random.NextDouble(options.MinMarginFraction, options.MaxMarginFraction) * extent, MidpointRounding.AwayFromZero)
            + random.NextInt(options.MinMarginPixels, options.MaxMarginPixels);

        // Each side on its own: experts' boxes are loose unevenly, not centred on the defect.
        var (left, right) = (Margin(box.Width), Margin(box.Width));
        var (top, bottom) = (Margin(box.Height), Margin(box.Height));
        var loose = new PixelBox(box.X - left, box.Y - top, box.Width + left + right, box.Height + top + bottom);
        return loose.ClipTo(width, height) ?? box;
    }

    private static Dictionary<string, string> Parameters(ExpertRoiOptions options)
    {
        static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["simulation"] = SimulationName,
            ["algorithmVersion"] = AlgorithmVersion,
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["maxBoxes"] = I(options.MaxBoxes),
            ["minMarginFraction"] = F(options.MinMarginFraction),
            ["maxMarginFraction"] = F(options.MaxMarginFraction),
            ["minMarginPixels"] = I(options.MinMarginPixels),
            ["maxMarginPixels"] = I(options.MaxMarginPixels),
            ["mergeDistance"] = I(options.MergeDistance),
            ["missBelowAreaFraction"] = F(options.MissBelowAreaFraction),
            ["missProbability"] = F(options.MissProbability),
        };
    }
}
