namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// SYNTHETIC steel-surface images with exact true masks, for the demo and tests: a rolled-steel background, one or
/// more defects (scratches, inclusions, patches) drawn into both the pixels and the truth, and harmless artefacts
/// (water marks, uneven lighting, oil spots) drawn into the pixels only, plus a simulated expert's ROI from the
/// truth. Seeded with <see cref="SeededRandom"/> and written without OpenCV, so an image depends only on the options
/// and its index, on any machine.
/// </summary>
public static class SteelSurfaceGenerator
{
    public const string GeneratorName = "steel-surface";

    // Bumped whenever the drawing changes, so a recorded data set names the code that drew it.
    public const string AlgorithmVersion = "1";

    private const ulong IndexStride = 0x9E3779B97F4A7C15UL;

    public static SyntheticSteelImage Generate(SteelSurfaceOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        options.Validate();
        var seed = ImageSeed(options.Seed, index);
        var random = new SeededRandom(seed);
        // A stream per stage: turning artefacts off or changing the grain leaves the defects, and the truth, as they were.
        var backgroundRandom = new SeededRandom(random.NextUInt64());
        var defectRandom = new SeededRandom(random.NextUInt64());
        var artefactRandom = new SeededRandom(random.NextUInt64());
        var roiSeed = random.NextUInt64();

        var (width, height) = (options.Width, options.Height);
        var surface = RolledSteelBackground.Generate(width, height, options.NoiseLevel, backgroundRandom);
        var defects = DefectLayout.Draw(options, defectRandom);
        var artefacts = Artefacts(options, artefactRandom);
        var truth = new BinaryMask(width, height);
        var features = new List<SteelFeature>();
        foreach (var defect in defects)
        {
            defect.AddTo(surface, width);
            defect.MarkInto(truth);
            features.Add(new SteelFeature(defect.Kind, defect.VisibleBox()!.Value));
        }
        foreach (var (artefact, box) in artefacts)
        {
            artefact.AddTo(surface, width);
            features.Add(new SteelFeature(artefact.Kind, box));
        }
        var roi = ExpertRoiSynthesiser.Synthesise(truth, options.Roi with { Seed = roiSeed });
        return new SyntheticSteelImage(index, seed, width, height, Quantise(surface), truth, roi, features);
    }

    /// <summary>Image <paramref name="index"/>'s own seed: independent of how many images are generated.</summary>
    public static ulong ImageSeed(ulong seed, int index) => unchecked(seed + ((ulong)index * IndexStride));

    private static List<(PaintedFeature Artefact, PixelBox Box)> Artefacts(SteelSurfaceOptions options, SeededRandom random)
    {
        var drawn = new List<(PaintedFeature, PixelBox)>();
        foreach (var kind in options.ArtefactKinds)
        {
            if (random.NextDouble() >= options.ArtefactProbability)
                continue;
            var artefact = kind switch
            {
                SteelFeatureKind.WaterMark => WaterMarkPainter.Paint(options.Width, options.Height, random),
                SteelFeatureKind.IlluminationGradient => IlluminationPainter.Paint(options.Width, options.Height, random),
                SteelFeatureKind.OilSpot => OilSpotPainter.Paint(options.Width, options.Height, random),
                _ => throw new ArgumentOutOfRangeException(nameof(options), kind, "Not an artefact kind."),
            };
            // One too faint to change any pixel by a grey level is not there to report.
            if (artefact.VisibleBox() is { } box)
                drawn.Add((artefact, box));
        }
        return drawn;
    }

    private static byte[] Quantise(double[] surface)
    {
        var pixels = new byte[surface.Length];
        for (var i = 0; i < surface.Length; i++)
            pixels[i] = (byte)Math.Clamp(Math.Round(surface[i], MidpointRounding.AwayFromZero), 0, 255);
        return pixels;
    }
}
