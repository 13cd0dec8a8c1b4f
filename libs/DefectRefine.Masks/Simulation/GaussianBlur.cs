namespace DefectRefine.Masks.Simulation;

/// <summary>
/// A separable Gaussian blur in doubles with edge pixels repeated. Written out rather than taken from OpenCV so that a
/// recorded seed and sigma give bit-identical results whatever OpenCV build or SIMD path a machine has.
/// </summary>
internal static class GaussianBlur
{
    public static double[] Apply(double[] values, int width, int height, double sigma)
    {
        if (sigma <= 0)
            return (double[])values.Clone();
        var kernel = Kernel(sigma);
        var radius = kernel.Length / 2;
        var across = new double[values.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                    sum += kernel[k + radius] * values[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                across[(y * width) + x] = sum;
            }
        var result = new double[values.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                    sum += kernel[k + radius] * across[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                result[(y * width) + x] = sum;
            }
        return result;
    }

    private static double[] Kernel(double sigma)
    {
        // Three sigmas hold 99.7 % of the weight.
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new double[(2 * radius) + 1];
        var total = 0.0;
        for (var k = -radius; k <= radius; k++)
            total += kernel[k + radius] = Math.Exp(-(k * k) / (2 * sigma * sigma));
        for (var i = 0; i < kernel.Length; i++)
            kernel[i] /= total;
        return kernel;
    }
}
