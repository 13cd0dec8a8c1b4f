namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Uneven lighting across the whole image: a linear brightness ramp in some direction, or a vignette darkening
/// towards the corners. Not a defect.
/// </summary>
internal static class IlluminationPainter
{
    public static PaintedFeature Paint(int width, int height, SeededRandom random)
    {
        var whole = new PixelBox(0, 0, width, height);
        if (random.NextDouble() < 0.5)
        {
            var angle = random.NextDouble(0, 2 * Math.PI);
            var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
            var amplitude = random.NextDouble(12, 30);
            // The ramp runs from -amplitude/2 to +amplitude/2 between the image's extreme corners along the direction.
            var extent = (Math.Abs(dx) * width) + (Math.Abs(dy) * height);
            return PaintedFeature.Artefact(SteelFeatureKind.IlluminationGradient, whole, width, height,
                (x, y) => amplitude * (((x + 0.5 - (width / 2.0)) * dx) + ((y + 0.5 - (height / 2.0)) * dy)) / extent);
        }
        var depth = random.NextDouble(12, 28);
        var (cx, cy) = (width * random.NextDouble(0.3, 0.7), height * random.NextDouble(0.3, 0.7));
        var (sx, sy) = (Math.Max(cx, width - cx), Math.Max(cy, height - cy));
        return PaintedFeature.Artefact(SteelFeatureKind.IlluminationGradient, whole, width, height, (x, y) =>
        {
            var (u, v) = ((x + 0.5 - cx) / sx, (y + 0.5 - cy) / sy);
            return -depth * ((u * u) + (v * v)) / 2;
        });
    }
}
