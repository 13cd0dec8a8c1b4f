using System.Globalization;

namespace DefectRefine.Masks.Simulation;

/// <summary>
/// SIMULATION: synthesises what a weak pre-trained segmentation model might output, by degrading a TRUE mask: a
/// Gaussian blur (fine detail lost), a smooth random field (boundaries wobble, parts missed or added), a jittered
/// threshold, and small components dropped (rare small defects never learnt). Seeded and written without OpenCV, so
/// a recorded seed reproduces the mask bit for bit anywhere. The result is an experiment input, never a model's output.
/// </summary>
public static class CoarseSegmentationSynthesiser
{
    public const string SimulationName = "coarse-segmentation";

    // Bumped whenever the algorithm changes, so a recorded parameter set names the code that used it.
    private const string AlgorithmVersion = "1";

    public static SimulatedSegmentation Synthesise(BinaryMask truth, CoarseSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        options ??= new CoarseSegmentationOptions();
        options.Validate();
        var random = new SeededRandom(options.Seed);
        var (width, height) = (truth.Width, truth.Height);

        var values = new double[truth.PixelCount];
        for (var i = 0; i < values.Length; i++)
            values[i] = truth.Get(i) ? 1 : 0;
        var blurred = GaussianBlur.Apply(values, width, height, options.BlurSigma);
        var threshold = options.Threshold + random.NextDouble(-options.ThresholdJitter, options.ThresholdJitter);
        var noise = SmoothNoise.Generate(width, height, options.NoiseCellSize, random);

        var mask = new BinaryMask(width, height);
        for (var i = 0; i < values.Length; i++)
            if (blurred[i] + (options.NoiseAmplitude * noise[i]) > threshold)
                mask.Set(i, true);
        var minArea = (int)Math.Ceiling(options.DropBelowAreaFraction * truth.PixelCount);
        return new SimulatedSegmentation(ConnectedComponents.RemoveSmall(mask, minArea), Parameters(options));
    }

    private static Dictionary<string, string> Parameters(CoarseSegmentationOptions options)
    {
        static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["simulation"] = SimulationName,
            ["algorithmVersion"] = AlgorithmVersion,
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["blurSigma"] = F(options.BlurSigma),
            ["threshold"] = F(options.Threshold),
            ["thresholdJitter"] = F(options.ThresholdJitter),
            ["noiseAmplitude"] = F(options.NoiseAmplitude),
            ["noiseCellSize"] = options.NoiseCellSize.ToString(CultureInfo.InvariantCulture),
            ["dropBelowAreaFraction"] = F(options.DropBelowAreaFraction),
        };
    }
}
