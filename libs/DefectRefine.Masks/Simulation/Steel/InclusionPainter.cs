namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Inclusions: foreign particles rolled into the strip, seen as a cluster of small dark blobs stretched along the
/// rolling direction (horizontal), with ragged edges and darker cores.
/// </summary>
internal static class InclusionPainter
{
    private const int MaxBlobs = 40;

    public static PaintedFeature Paint(int width, int height, double areaBudget, SeededRandom random)
    {
        // Blobs keep their look on larger images instead of shrinking relative to them.
        var scale = Math.Max(1, Math.Min(width, height) / 200.0);
        var typicalArea = Math.PI * 4 * 4 * scale * scale;
        var count = Math.Clamp((int)Math.Round(areaBudget / typicalArea * random.NextDouble(0.7, 1.3)), 1, MaxBlobs);

        var blobs = new (double Rx, double Ry, double Tilt)[count];
        for (var i = 0; i < count; i++)
        {
            var area = areaBudget / count * random.NextDouble(0.6, 1.4);
            var aspect = random.NextDouble(3, 8);
            var ry = Math.Max(0.8, Math.Sqrt(area / (Math.PI * aspect)));
            blobs[i] = (Math.Min(aspect * ry, 0.45 * width), Math.Min(ry, 0.45 * height), random.NextDouble(-0.12, 0.12));
        }

        var (widest, tallest) = (blobs.Max(b => b.Rx), blobs.Max(b => b.Ry));
        var spreadX = Math.Clamp(Math.Sqrt(count) * blobs.Average(b => b.Rx) * 1.6, widest, Math.Max(widest, 0.45 * width));
        var spreadY = Math.Clamp(spreadX * random.NextDouble(0.3, 0.7), 2 * tallest, Math.Max(2 * tallest, 0.45 * height));
        var (cx, cy) = (Centre(width, spreadX, random), Centre(height, spreadY, random));

        var margin = 3;
        var box = new PixelBox((int)Math.Floor(cx - spreadX - widest) - margin, (int)Math.Floor(cy - spreadY - tallest) - margin,
            (int)Math.Ceiling(2 * (spreadX + widest)) + (2 * margin), (int)Math.Ceiling(2 * (spreadY + tallest)) + (2 * margin));
        if (ShapeField.Over(box, width, height) is not { } field)
            return PaintedFeature.Empty(SteelFeatureKind.Inclusion);

        foreach (var (rx, ry, tilt) in blobs)
        {
            // Uniform in the cluster's ellipse: the square root spreads the radius evenly over the area.
            var (r, theta) = (Math.Sqrt(random.NextDouble()), random.NextDouble(0, 2 * Math.PI));
            field.RaiseEllipse(cx + (r * Math.Cos(theta) * (spreadX - rx)), cy + (r * Math.Sin(theta) * (spreadY - ry)), rx, ry, tilt);
        }
        field.Perturb(SmoothNoise.Generate(field.Bounds.Width, field.Bounds.Height, 2, random), 0.25);

        var contrast = -random.NextDouble(45, 80);
        // Neighbouring particles differ in darkness.
        var bounds = field.Bounds;
        var depth = SmoothNoise.Generate(bounds.Width, bounds.Height, Math.Max(3, (int)Math.Round(2 * widest)), random);
        return field.Shade(SteelFeatureKind.Inclusion, 0.6,
            (x, y) => contrast * (0.85 + (0.25 * depth[((y - bounds.Y) * bounds.Width) + x - bounds.X])));
    }

    private static double Centre(int extent, double spread, SeededRandom random) =>
        spread >= extent / 2.0 ? extent / 2.0 : random.NextDouble(spread, extent - spread);
}
