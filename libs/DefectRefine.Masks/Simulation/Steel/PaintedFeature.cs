namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// One defect or artefact ready to draw: the grey levels it adds over <paramref name="Bounds"/> and, for a defect, the
/// pixels it makes defective (null for an artefact). Both arrays are row-major over the bounds.
/// </summary>
internal sealed record PaintedFeature(SteelFeatureKind Kind, PixelBox Bounds, double[] Delta, bool[]? Truth)
{
    public static PaintedFeature Empty(SteelFeatureKind kind) => new(kind, default, [], kind.IsDefect() ? [] : null);

    /// <summary>An artefact changing each pixel of <paramref name="box"/> (clipped to the image) by <paramref name="delta"/>(x, y).</summary>
    public static PaintedFeature Artefact(SteelFeatureKind kind, PixelBox box, int width, int height, Func<int, int, double> delta)
    {
        if (box.ClipTo(width, height) is not { } bounds)
            return Empty(kind);
        var values = new double[bounds.Area];
        for (var y = 0; y < bounds.Height; y++)
            for (var x = 0; x < bounds.Width; x++)
                values[(y * bounds.Width) + x] = delta(bounds.X + x, bounds.Y + y);
        return new PaintedFeature(kind, bounds, values, null);
    }

    public int TruthCount => Truth?.Count(t => t) ?? 0;

    public void AddTo(double[] surface, int width)
    {
        for (var y = 0; y < Bounds.Height; y++)
            for (var x = 0; x < Bounds.Width; x++)
                surface[((Bounds.Y + y) * width) + Bounds.X + x] += Delta[(y * Bounds.Width) + x];
    }

    public void MarkInto(BinaryMask truth)
    {
        if (Truth is null)
            return;
        for (var y = 0; y < Bounds.Height; y++)
            for (var x = 0; x < Bounds.Width; x++)
                if (Truth[(y * Bounds.Width) + x])
                    truth[Bounds.X + x, Bounds.Y + y] = true;
    }

    /// <summary>A defect's box is its true pixels; an artefact's, the pixels it changes by a grey level or more (null: invisible).</summary>
    public PixelBox? VisibleBox()
    {
        var (minX, minY, maxX, maxY) = (int.MaxValue, int.MaxValue, -1, -1);
        for (var y = 0; y < Bounds.Height; y++)
            for (var x = 0; x < Bounds.Width; x++)
            {
                var i = (y * Bounds.Width) + x;
                if (Truth is null ? Math.Abs(Delta[i]) < 1 : !Truth[i])
                    continue;
                (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
            }
        return maxX < 0 ? null : new PixelBox(Bounds.X + minX, Bounds.Y + minY, maxX - minX + 1, maxY - minY + 1);
    }
}
