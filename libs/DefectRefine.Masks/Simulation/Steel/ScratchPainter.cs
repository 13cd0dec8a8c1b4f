namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// Scratches: one to a few nearly parallel strokes, each a gently bowed curve 1–4 px wide, dark (a groove) or bright
/// (a polished line). A budget more than one stroke of the preferred length holds becomes several strokes.
/// </summary>
internal static class ScratchPainter
{
    private const int MaxStrokes = 5;
    private const double MinLength = 4;

    public static PaintedFeature Paint(int width, int height, double areaBudget, SeededRandom random)
    {
        var lineWidth = random.NextDouble(1, 4);
        var angle = random.NextDouble(0, Math.PI);
        var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
        var (cx, cy) = (random.NextDouble(0.2, 0.8) * width, random.NextDouble(0.2, 0.8) * height);
        var (back, forward) = (Reach(cx, cy, -dx, -dy, width, height), Reach(cx, cy, dx, dy, width, height));
        var room = Math.Max(MinLength, 0.9 * (back + forward));

        // Not every scratch crosses the image: prefer a length, and only run longer when the budget needs it.
        var preferred = Math.Max(MinLength, room * random.NextDouble(0.35, 1));
        var strokes = Math.Clamp((int)Math.Ceiling(areaBudget / (lineWidth * preferred)), 1, MaxStrokes);
        // Strokes too few to hold the budget at full length widen instead, up to the 4 px a scratch may be.
        lineWidth = Math.Clamp(Math.Max(lineWidth, areaBudget / (strokes * room)), 1, 4);
        var length = Math.Clamp(areaBudget / (strokes * lineWidth), MinLength, room);

        // Strokes of one scratch event: roughly parallel, unevenly spaced either side of the centre, of different lengths.
        var offsets = new double[strokes];
        for (var s = 1; s < strokes; s++)
            offsets[s] = offsets[s - 1] + (random.NextDouble(3, 12) * lineWidth);
        var middle = offsets[^1] / 2;
        var polylines = new List<(double X, double Y)[]>();
        for (var s = 0; s < strokes; s++)
        {
            var offset = offsets[s] - middle;
            var strokeLength = s == 0 ? length : length * random.NextDouble(0.6, 1.1);
            var start = random.NextDouble(-back, Math.Max(-back, forward - strokeLength));
            var tilt = random.NextDouble(-0.1, 0.1);
            var (sx, sy) = (Math.Cos(angle + tilt), Math.Sin(angle + tilt));
            var (ox, oy) = (cx - (dy * offset) + (dx * start), cy + (dx * offset) + (dy * start));
            polylines.Add(Bowed((ox, oy), (ox + (sx * strokeLength), oy + (sy * strokeLength)), random.NextDouble(-0.08, 0.08) * strokeLength));
        }

        var margin = (lineWidth / 2) + 2;
        var (minX, minY) = (polylines.Min(p => p.Min(q => q.X)) - margin, polylines.Min(p => p.Min(q => q.Y)) - margin);
        var (maxX, maxY) = (polylines.Max(p => p.Max(q => q.X)) + margin, polylines.Max(p => p.Max(q => q.Y)) + margin);
        var box = new PixelBox((int)Math.Floor(minX), (int)Math.Floor(minY), (int)Math.Ceiling(maxX - minX) + 1, (int)Math.Ceiling(maxY - minY) + 1);
        if (ShapeField.Over(box, width, height) is not { } field)
            return PaintedFeature.Empty(SteelFeatureKind.Scratch);
        foreach (var polyline in polylines)
            for (var i = 0; i + 1 < polyline.Length; i++)
                RaiseSegment(field, polyline[i], polyline[i + 1], lineWidth / 2);

        var contrast = random.NextDouble() < 0.65 ? -random.NextDouble(40, 75) : random.NextDouble(35, 60);
        // Real scratches fade and deepen along their length.
        var fade = SmoothNoise.Generate(field.Bounds.Width, field.Bounds.Height, 10, random);
        var bounds = field.Bounds;
        return field.Shade(SteelFeatureKind.Scratch, 1, (x, y) => contrast * (0.8 + (0.2 * fade[((y - bounds.Y) * bounds.Width) + x - bounds.X])));
    }

    /// <summary>How far from (x, y) along (dx, dy) the image border is.</summary>
    private static double Reach(double x, double y, double dx, double dy, int width, int height)
    {
        var along = double.PositiveInfinity;
        if (dx > 1e-9)
            along = Math.Min(along, (width - x) / dx);
        else if (dx < -1e-9)
            along = Math.Min(along, -x / dx);
        if (dy > 1e-9)
            along = Math.Min(along, (height - y) / dy);
        else if (dy < -1e-9)
            along = Math.Min(along, -y / dy);
        return along;
    }

    /// <summary>A quadratic Bézier from a to b whose middle sits <paramref name="bow"/> px off the chord, as 2 px segments.</summary>
    private static (double X, double Y)[] Bowed((double X, double Y) a, (double X, double Y) b, double bow)
    {
        var (ex, ey) = (b.X - a.X, b.Y - a.Y);
        var chord = Math.Max(1e-9, Math.Sqrt((ex * ex) + (ey * ey)));
        // The control point is twice the bow off the chord: a quadratic Bézier reaches half its control's offset.
        var (px, py) = (((a.X + b.X) / 2) - (ey / chord * 2 * bow), ((a.Y + b.Y) / 2) + (ex / chord * 2 * bow));
        var segments = Math.Max(2, (int)Math.Ceiling(chord / 2));
        var points = new (double X, double Y)[segments + 1];
        for (var i = 0; i <= segments; i++)
        {
            var t = i / (double)segments;
            var (u, v, w) = ((1 - t) * (1 - t), 2 * (1 - t) * t, t * t);
            points[i] = ((u * a.X) + (v * px) + (w * b.X), (u * a.Y) + (v * py) + (w * b.Y));
        }
        return points;
    }

    /// <summary>Raises every pixel near the segment to <paramref name="halfWidth"/> minus its centre's distance from it.</summary>
    private static void RaiseSegment(ShapeField field, (double X, double Y) a, (double X, double Y) b, double halfWidth)
    {
        var reach = halfWidth + 1;
        var b0 = field.Bounds;
        var (x0, x1) = (Math.Max(b0.X, (int)Math.Floor(Math.Min(a.X, b.X) - reach)), Math.Min(b0.Right - 1, (int)Math.Ceiling(Math.Max(a.X, b.X) + reach)));
        var (y0, y1) = (Math.Max(b0.Y, (int)Math.Floor(Math.Min(a.Y, b.Y) - reach)), Math.Min(b0.Bottom - 1, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + reach)));
        var (ex, ey) = (b.X - a.X, b.Y - a.Y);
        var lengthSquared = Math.Max(1e-12, (ex * ex) + (ey * ey));
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                var (px, py) = (x + 0.5 - a.X, y + 0.5 - a.Y);
                var t = Math.Clamp(((px * ex) + (py * ey)) / lengthSquared, 0, 1);
                var (qx, qy) = (px - (t * ex), py - (t * ey));
                field.Raise(x, y, halfWidth - Math.Sqrt((qx * qx) + (qy * qy)));
            }
    }
}
