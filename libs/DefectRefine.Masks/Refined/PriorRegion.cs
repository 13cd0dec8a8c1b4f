namespace DefectRefine.Masks.Refined;

/// <summary>
/// Where the model may put a defect given the initial labels: each labelled region grown by a margin of
/// <see cref="MarginPixels"/> px plus <see cref="MarginFraction"/> of its box's shorter side. A box drawn a little
/// tight, or a rough segmentation's edge, must not cut a defect off; a defect far from every label is the expert's to
/// name, not the model's.
/// </summary>
public static class PriorRegion
{
    public const int MarginPixels = 3;
    public const double MarginFraction = 0.1;

    public static BinaryMask Allowed(BinaryMask initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        var allowed = new BinaryMask(initial.Width, initial.Height);
        foreach (var (component, mask) in ConnectedComponents.Split(initial))
        {
            var b = component.Bounds;
            var margin = MarginPixels + (int)Math.Round(MarginFraction * Math.Min(b.Width, b.Height));
            Dilate(mask, b, margin, allowed);
        }
        return allowed;
    }

    /// <summary>Square dilation of one component (within its grown box), OR-ed into <paramref name="into"/>.</summary>
    private static void Dilate(BinaryMask component, PixelBox bounds, int radius, BinaryMask into)
    {
        var (width, height) = (component.Width, component.Height);
        var x0 = Math.Max(0, bounds.X - radius);
        var x1 = Math.Min(width, bounds.Right + radius);
        var y0 = Math.Max(0, bounds.Y - radius);
        var y1 = Math.Min(height, bounds.Bottom + radius);
        var w = x1 - x0;
        // Rows first: a pixel is set if any component pixel lies within radius along its row, then along columns.
        var rows = new bool[w * (y1 - y0)];
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var last = int.MinValue / 2;
            for (var x = x0; x < x1; x++)
            {
                if (x >= bounds.X && x < bounds.Right && component[x, y])
                    last = x;
                if (x - last <= radius)
                    rows[((y - y0) * w) + (x - x0)] = true;
            }
            last = int.MaxValue / 2;
            for (var x = x1 - 1; x >= x0; x--)
            {
                if (x >= bounds.X && x < bounds.Right && component[x, y])
                    last = x;
                if (last - x <= radius)
                    rows[((y - y0) * w) + (x - x0)] = true;
            }
        }
        for (var x = x0; x < x1; x++)
        {
            var last = int.MinValue / 2;
            for (var y = y0; y < y1; y++)
            {
                if (rows[((y - y0) * w) + (x - x0)])
                    last = y;
                if (y - last <= radius)
                    into[x, y] = true;
            }
            last = int.MaxValue / 2;
            for (var y = y1 - 1; y >= y0; y--)
            {
                if (rows[((y - y0) * w) + (x - x0)])
                    last = y;
                if (last - y <= radius)
                    into[x, y] = true;
            }
        }
    }
}
