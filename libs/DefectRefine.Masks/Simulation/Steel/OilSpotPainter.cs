namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>Oil spots: a faint dark stain that fades out with no edge anywhere. Not a defect.</summary>
internal static class OilSpotPainter
{
    public static PaintedFeature Paint(int width, int height, SeededRandom random)
    {
        var radius = random.NextDouble(0.06, 0.16) * Math.Min(width, height);
        var aspect = random.NextDouble(0.6, 1.6);
        var amplitude = -random.NextDouble(8, 18);
        var (cx, cy) = (random.NextDouble(0, width), random.NextDouble(0, height));

        var reach = 2.5 * radius * Math.Max(aspect, 1 / aspect);
        var box = new PixelBox((int)Math.Floor(cx - reach), (int)Math.Floor(cy - reach), (int)Math.Ceiling(2 * reach) + 1, (int)Math.Ceiling(2 * reach) + 1);
        return PaintedFeature.Artefact(SteelFeatureKind.OilSpot, box, width, height, (x, y) =>
        {
            var (px, py) = ((x + 0.5 - cx) / (radius * Math.Sqrt(aspect)), (y + 0.5 - cy) * Math.Sqrt(aspect) / radius);
            return amplitude * Math.Exp(-((px * px) + (py * py)));
        });
    }
}
