namespace DefectRefine.Masks;

/// <summary>An axis-aligned rectangle in pixels: [X, X+Width) x [Y, Y+Height).</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;
    public int Area => Width * Height;

    public bool IsInside(int imageWidth, int imageHeight) =>
        Width > 0 && Height > 0 && X >= 0 && Y >= 0 && Right <= imageWidth && Bottom <= imageHeight;

    public PixelBox? ClipTo(int imageWidth, int imageHeight)
    {
        var (x0, y0) = (Math.Max(0, X), Math.Max(0, Y));
        var (x1, y1) = (Math.Min(imageWidth, Right), Math.Min(imageHeight, Bottom));
        return x1 > x0 && y1 > y0 ? new PixelBox(x0, y0, x1 - x0, y1 - y0) : null;
    }

    public PixelBox Union(PixelBox other)
    {
        var (x0, y0) = (Math.Min(X, other.X), Math.Min(Y, other.Y));
        return new PixelBox(x0, y0, Math.Max(Right, other.Right) - x0, Math.Max(Bottom, other.Bottom) - y0);
    }

    public bool Intersects(PixelBox other) => X < other.Right && other.X < Right && Y < other.Bottom && other.Y < Bottom;

    /// <summary>The square patch of <paramref name="size"/> pixels centred on (<paramref name="x"/>, <paramref name="y"/>), as the model sees it.</summary>
    public static PixelBox Patch(int x, int y, int size) => new(x - (size / 2), y - (size / 2), size, size);
}
