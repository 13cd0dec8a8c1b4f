namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>Water marks: the faint, wobbly rim a dried drop leaves, with a barely tinted inside. Not a defect.</summary>
internal static class WaterMarkPainter
{
    public static PaintedFeature Paint(int width, int height, SeededRandom random)
    {
        var side = Math.Min(width, height);
        var radius = random.NextDouble(0.08, 0.22) * side;
        var aspect = random.NextDouble(0.7, 1.4);
        var rim = random.NextDouble(1.2, 2.5) * Math.Max(1, side / 200.0);
        var amplitude = (random.NextDouble() < 0.6 ? -1 : 1) * random.NextDouble(6, 12);
        var (cx, cy) = (random.NextDouble(0, width), random.NextDouble(0, height));

        var reach = (radius * Math.Max(aspect, 1 / aspect) * 1.2) + (4 * rim);
        var box = new PixelBox((int)Math.Floor(cx - reach), (int)Math.Floor(cy - reach), (int)Math.Ceiling(2 * reach) + 1, (int)Math.Ceiling(2 * reach) + 1);
        var origin = (X: box.X, Y: box.Y);
        var wobble = SmoothNoise.Generate(box.Width, box.Height, Math.Max(2, (int)(radius / 2)), random);
        return PaintedFeature.Artefact(SteelFeatureKind.WaterMark, box, width, height, (x, y) =>
        {
            var (px, py) = ((x + 0.5 - cx) / Math.Sqrt(aspect), (y + 0.5 - cy) * Math.Sqrt(aspect));
            var r = Math.Sqrt((px * px) + (py * py)) + (0.12 * radius * wobble[((y - origin.Y) * box.Width) + x - origin.X]);
            var ring = Math.Exp(-Math.Pow((r - radius) / rim, 2));
            var inside = 0.25 / (1 + Math.Exp((r - radius) / rim));
            return amplitude * (ring + inside);
        });
    }
}
