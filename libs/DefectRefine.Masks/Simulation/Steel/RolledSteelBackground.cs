namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// The defect-free surface of a hot-rolled strip, in grey levels: a mid-grey level with broad, faint shading, streaks
/// drawn out along the rolling direction (horizontal) at two scales, and fine grain.
/// </summary>
internal static class RolledSteelBackground
{
    public static double[] Generate(int width, int height, double noiseLevel, SeededRandom random)
    {
        var surface = new double[width * height];
        Array.Fill(surface, random.NextDouble(118, 142));
        // Layer by layer, so a 4096 x 4096 image holds no more than a few full-size fields at once.
        Add(surface, 5, SmoothNoise.Generate(width, height, Math.Max(8, Math.Min(width, height) / 3), random));
        Add(surface, 9, Streaks(width, height, cellSize: 2, stretch: 40, random));
        Add(surface, 4, Streaks(width, height, cellSize: 1, stretch: 9, random));
        Add(surface, 1, Grain(width, height, noiseLevel, random));
        return surface;
    }

    private static void Add(double[] surface, double amplitude, double[] field)
    {
        for (var i = 0; i < surface.Length; i++)
            surface[i] += amplitude * field[i];
    }

    /// <summary>Smooth noise with features <paramref name="stretch"/> times longer across than down: rolling streaks.</summary>
    private static double[] Streaks(int width, int height, int cellSize, int stretch, SeededRandom random)
    {
        var columns = (width / stretch) + 2;
        var squeezed = SmoothNoise.Generate(columns, height, cellSize, random);
        var field = new double[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (column, t) = (x / stretch, (x % stretch) / (double)stretch);
                var (left, right) = (squeezed[(y * columns) + column], squeezed[(y * columns) + column + 1]);
                field[(y * width) + x] = left + ((right - left) * t);
            }
        return field;
    }

    /// <summary>White noise softened over about a pixel, scaled to a standard deviation of <paramref name="level"/>.</summary>
    private static double[] Grain(int width, int height, double level, SeededRandom random)
    {
        var white = new double[width * height];
        // The sum of three uniforms on [-1, 1] has variance 1 and is close enough to normal for grain.
        for (var i = 0; i < white.Length; i++)
            white[i] = random.NextDouble(-1, 1) + random.NextDouble(-1, 1) + random.NextDouble(-1, 1);
        var soft = GaussianBlur.Apply(white, width, height, 0.6);
        var deviation = Math.Sqrt(soft.Average(v => v * v));
        var scale = deviation > 0 ? level / deviation : 0;
        for (var i = 0; i < soft.Length; i++)
            soft[i] *= scale;
        return soft;
    }
}
