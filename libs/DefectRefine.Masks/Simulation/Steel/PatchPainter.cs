namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Patches: a large irregular region, darker (scale, oxide) or lighter (worn), made of one to three overlapping lobes
/// with a ragged, softly shaded outline and a mottled inside.
/// </summary>
internal static class PatchPainter
{
    private const double Raggedness = 0.45;

    public static PaintedFeature Paint(int width, int height, double areaBudget, SeededRandom random)
    {
        var aspect = random.NextDouble(0.5, 2);
        var rx = Math.Sqrt(areaBudget * aspect / Math.PI);
        var ry = rx / aspect;
        // A patch too big for the image in one direction grows in the other.
        if (rx > 0.45 * width)
            (rx, ry) = (0.45 * width, areaBudget / (Math.PI * 0.45 * width));
        if (ry > 0.45 * height)
            (rx, ry) = (Math.Min(0.45 * width, areaBudget / (Math.PI * 0.45 * height)), 0.45 * height);
        (rx, ry) = (Math.Max(rx, 2), Math.Max(ry, 2));

        var cx = random.NextDouble(Math.Min(rx, width / 2.0), Math.Max(width / 2.0, width - rx));
        var cy = random.NextDouble(Math.Min(ry, height / 2.0), Math.Max(height / 2.0, height - ry));
        var lobes = new List<(double X, double Y, double Rx, double Ry)> { (cx, cy, rx, ry) };
        for (var extra = random.NextInt(0, 2); extra > 0; extra--)
            lobes.Add((cx + (random.NextDouble(-0.6, 0.6) * rx), cy + (random.NextDouble(-0.6, 0.6) * ry),
                rx * random.NextDouble(0.4, 0.7), ry * random.NextDouble(0.4, 0.7)));

        var reach = 1.5;
        var (left, top) = (lobes.Min(l => l.X - (reach * l.Rx)), lobes.Min(l => l.Y - (reach * l.Ry)));
        var (right, bottom) = (lobes.Max(l => l.X + (reach * l.Rx)), lobes.Max(l => l.Y + (reach * l.Ry)));
        var box = new PixelBox((int)Math.Floor(left), (int)Math.Floor(top), (int)Math.Ceiling(right - left) + 1, (int)Math.Ceiling(bottom - top) + 1);
        if (ShapeField.Over(box, width, height) is not { } field)
            return PaintedFeature.Empty(SteelFeatureKind.Patch);
        foreach (var lobe in lobes)
            field.RaiseEllipse(lobe.X, lobe.Y, lobe.Rx, lobe.Ry, random.NextDouble(-0.3, 0.3));
        var bounds = field.Bounds;
        var cell = Math.Max(2, (int)Math.Round(Math.Min(rx, ry) / 2.5));
        field.Perturb(SmoothNoise.Generate(bounds.Width, bounds.Height, cell, random), Raggedness);

        var contrast = random.NextDouble() < 0.65 ? -random.NextDouble(35, 60) : random.NextDouble(30, 50);
        var mottle = SmoothNoise.Generate(bounds.Width, bounds.Height, Math.Max(2, cell / 2), random);
        return field.Shade(SteelFeatureKind.Patch, 0.5,
            (x, y) => contrast * (0.85 + (0.15 * mottle[((y - bounds.Y) * bounds.Width) + x - bounds.X])));
    }
}
