namespace DefectRefine.Masks;

public static class MaskDrawing
{
    /// <summary>
    /// Marks as defect the pixels whose centres lie inside the polygon (even-odd rule), clipped to the mask. Points are
    /// in COCO's pixel-edge coordinates: pixel (i, j) covers [i, i+1) x [j, j+1), so the polygon (0,0) (w,0) (w,h) (0,h)
    /// fills exactly the w x h pixels at the origin. Needs at least 3 finite points.
    /// </summary>
    /// <remarks>
    /// Not Cv2.FillPoly: OpenCV fills both boundary pixels of every span, so a w x h rectangle would cover (w+1) x (h+1)
    /// pixels, small polygons would swell, and an exported mask would not read back as itself.
    /// </remarks>
    public static void FillPolygon(BinaryMask mask, IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3)
            throw new MaskFormatException($"A polygon needs at least 3 points, got {points.Count}.");
        for (var i = 0; i < points.Count; i++)
            if (!double.IsFinite(points[i].X) || !double.IsFinite(points[i].Y))
                throw new MaskFormatException($"Polygon point {i} ({points[i].X}, {points[i].Y}) is not a finite number.");

        var crossings = new List<double>();
        for (var y = 0; y < mask.Height; y++)
        {
            var centreY = y + 0.5;
            crossings.Clear();
            for (var i = 0; i < points.Count; i++)
            {
                var (a, b) = (points[i], points[(i + 1) % points.Count]);
                // Half-open in y, so a vertex exactly on the scan line is counted once, not twice.
                if ((a.Y <= centreY) == (b.Y <= centreY))
                    continue;
                crossings.Add(a.X + ((centreY - a.Y) / (b.Y - a.Y) * (b.X - a.X)));
            }
            crossings.Sort();
            for (var i = 0; i + 1 < crossings.Count; i += 2)
            {
                // Pixels whose centre x + 0.5 lies in [left, right).
                var first = (int)Math.Clamp(Math.Ceiling(crossings[i] - 0.5), 0, mask.Width);
                var end = (int)Math.Clamp(Math.Ceiling(crossings[i + 1] - 0.5), 0, mask.Width);
                for (var x = first; x < end; x++)
                    mask.Set((y * mask.Width) + x, true);
            }
        }
    }
}
