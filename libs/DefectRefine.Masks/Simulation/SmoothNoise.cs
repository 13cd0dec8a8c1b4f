namespace DefectRefine.Masks.Simulation;

/// <summary>
/// Value noise: random values in [-1, 1] on a grid of <c>cellSize</c> pixels, smoothly interpolated between grid
/// points. Errors of a weak model are blobs, not salt and pepper, and this field makes blobs of about a cell's size.
/// </summary>
internal static class SmoothNoise
{
    public static double[] Generate(int width, int height, int cellSize, SeededRandom random)
    {
        var columns = (width / cellSize) + 2;
        var rows = (height / cellSize) + 2;
        var grid = new double[columns * rows];
        for (var i = 0; i < grid.Length; i++)
            grid[i] = random.NextDouble(-1, 1);

        var field = new double[width * height];
        for (var y = 0; y < height; y++)
        {
            var (row, ty) = (y / cellSize, Smooth((y % cellSize) / (double)cellSize));
            for (var x = 0; x < width; x++)
            {
                var (column, tx) = (x / cellSize, Smooth((x % cellSize) / (double)cellSize));
                var top = Lerp(grid[(row * columns) + column], grid[(row * columns) + column + 1], tx);
                var bottom = Lerp(grid[((row + 1) * columns) + column], grid[((row + 1) * columns) + column + 1], tx);
                field[(y * width) + x] = Lerp(top, bottom, ty);
            }
        }
        return field;
    }

    // Smoothstep: no creases along the grid lines.
    private static double Smooth(double t) => t * t * (3 - (2 * t));

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
