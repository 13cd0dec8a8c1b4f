namespace DefectRefine.Masks.Simulation.Steel;

/// <summary>
/// A defect's shape as a field over its bounds: positive inside, zero on the outline, negative outside. Shapes drawn
/// into the same field are united (the larger value wins). Shading turns the field into grey levels so that the
/// outline pixels change by half the contrast: the true pixels are exactly the visibly changed ones.
/// </summary>
internal sealed class ShapeField
{
    private readonly double[] _values;

    public ShapeField(PixelBox bounds)
    {
        Bounds = bounds;
        _values = new double[bounds.Area];
        Array.Fill(_values, double.NegativeInfinity);
    }

    public PixelBox Bounds { get; }

    /// <summary>The bounds of <paramref name="box"/> clipped to the image, or null when nothing of it is inside.</summary>
    public static ShapeField? Over(PixelBox box, int width, int height) => box.ClipTo(width, height) is { } clipped ? new ShapeField(clipped) : null;

    /// <summary>Image coordinates.</summary>
    public void Raise(int x, int y, double value)
    {
        var i = ((y - Bounds.Y) * Bounds.Width) + x - Bounds.X;
        if (value > _values[i])
            _values[i] = value;
    }

    /// <summary>
    /// Unites an ellipse with radii <paramref name="rx"/>, <paramref name="ry"/> turned by <paramref name="tilt"/>
    /// radians: 1 at its centre, 0 on its outline, falling beyond it (far enough out that perturbing the field cannot
    /// reach a pixel left unraised).
    /// </summary>
    public void RaiseEllipse(double cx, double cy, double rx, double ry, double tilt)
    {
        var (cos, sin) = (Math.Cos(tilt), Math.Sin(tilt));
        var reach = (1.5 * Math.Max(rx, ry)) + 2;
        var (x0, x1) = (Math.Max(Bounds.X, (int)Math.Floor(cx - reach)), Math.Min(Bounds.Right, (int)Math.Ceiling(cx + reach)));
        var (y0, y1) = (Math.Max(Bounds.Y, (int)Math.Floor(cy - reach)), Math.Min(Bounds.Bottom, (int)Math.Ceiling(cy + reach)));
        for (var y = y0; y < y1; y++)
            for (var x = x0; x < x1; x++)
            {
                var (px, py) = (x + 0.5 - cx, y + 0.5 - cy);
                var (u, v) = (((px * cos) + (py * sin)) / rx, ((py * cos) - (px * sin)) / ry);
                Raise(x, y, 1 - ((u * u) + (v * v)));
            }
    }

    /// <summary>Adds a field over the bounds (row-major, bounds-sized) to every value: ragged outlines.</summary>
    public void Perturb(double[] noise, double amplitude)
    {
        for (var i = 0; i < _values.Length; i++)
            _values[i] += amplitude * noise[i];
    }

    /// <summary>
    /// Each pixel changes by <paramref name="contrast"/>(x, y) times its coverage, which rises from 0 to 1 over
    /// <paramref name="softness"/> field units centred on the outline; pixels inside the outline are the truth.
    /// </summary>
    public PaintedFeature Shade(SteelFeatureKind kind, double softness, Func<int, int, double> contrast)
    {
        var delta = new double[_values.Length];
        var truth = new bool[_values.Length];
        for (var y = 0; y < Bounds.Height; y++)
            for (var x = 0; x < Bounds.Width; x++)
            {
                var i = (y * Bounds.Width) + x;
                var coverage = Math.Clamp(0.5 + (_values[i] / softness), 0, 1);
                if (coverage > 0)
                    delta[i] = coverage * contrast(Bounds.X + x, Bounds.Y + y);
                truth[i] = _values[i] > 0;
            }
        return new PaintedFeature(kind, Bounds, delta, truth);
    }
}
